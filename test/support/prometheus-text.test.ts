import { describe, expect, it } from "vitest";
import { parsePrometheusText, sampleValue } from "./prometheus-text.js";

describe("the Prometheus text reader the metrics tests rely on", () => {
  it("reads types, labels with escapes, and special values", () => {
    const exposition = parsePrometheusText(
      [
        "# HELP rte_questions_total Questions",
        "# TYPE rte_questions_total counter",
        'rte_questions_total{platform="slack",trigger="mention"} 3',
        'odd{text="a \\"quoted\\" \\\\ word"} +Inf',
        "lag Nan",
        "",
      ].join("\n"),
    );
    expect(exposition.types.get("rte_questions_total")).toBe("counter");
    expect(sampleValue(exposition, "rte_questions_total", { platform: "slack" })).toBe(3);
    expect(exposition.samples[1]?.labels.text).toBe('a "quoted" \\ word');
    expect(sampleValue(exposition, "lag")).toBeNaN();
  });

  it("rejects what Prometheus would reject", () => {
    expect(() => parsePrometheusText("rte_questions_total three")).toThrow(/bad value/);
    expect(() => parsePrometheusText("rte{platform=slack} 1")).toThrow(/bad labels/);
    expect(() => parsePrometheusText("not a metric line at all")).toThrow(/not Prometheus text/);
    expect(() => parsePrometheusText("<html>oops</html>")).toThrow(/not Prometheus text/);
  });
});
