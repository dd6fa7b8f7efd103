/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), enough to prove `/metrics`
 * parses: every line is a comment, a HELP/TYPE line or a sample, or it throws naming the line.
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  /** Metric family name → counter, gauge, histogram, summary or untyped. */
  types: Map<string, string>;
}

const metricName = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const sampleLine = new RegExp(`^(${metricName})(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+(-?\\d+))?$`);
const typeLine = new RegExp(`^# TYPE (${metricName}) (counter|gauge|histogram|summary|untyped)$`);
const helpLine = new RegExp(`^# HELP (${metricName}) .*$`);
const labelPair = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;

export function parsePrometheusText(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const [index, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const type = typeLine.exec(line);
    if (type?.[1] && type[2]) {
      types.set(type[1], type[2]);
      continue;
    }
    if (helpLine.test(line) || (line.startsWith("#") && !line.startsWith("# TYPE"))) continue;
    const sample = sampleLine.exec(line);
    if (!sample?.[1] || sample[3] === undefined)
      throw new Error(`line ${index + 1} is not Prometheus text: ${line}`);
    samples.push({
      name: sample[1],
      labels: parseLabels(sample[2] ?? "", line),
      value: parseValue(sample[3], line),
    });
  }
  return { samples, types };
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  labelPair.lastIndex = 0;
  while (labelPair.lastIndex < text.length) {
    const start = labelPair.lastIndex;
    const pair = labelPair.exec(text);
    if (!pair?.[1] || pair[2] === undefined || labelPair.lastIndex === start) {
      throw new Error(`bad labels in: ${line}`);
    }
    labels[pair[1]] = pair[2].replace(/\\n/g, "\n").replace(/\\(["\\])/g, "$1");
  }
  return labels;
}

/**
 * Prometheus reads values with Go's strconv.ParseFloat, which takes Inf and NaN in any case; prom-client
 * writes "Nan" for an event-loop gauge with no samples yet, so this must accept what Prometheus accepts.
 */
function parseValue(text: string, line: string): number {
  if (/^\+?inf(inity)?$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`bad value in: ${line}`);
  return value;
}

/** The value of the one sample with this name whose labels include these; undefined when there is none. */
export function sampleValue(
  exposition: Exposition,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const matches = exposition.samples.filter(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  if (matches.length > 1)
    throw new Error(`${matches.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matches[0]?.value;
}

/** GETs a /metrics endpoint and parses it, checking the content type Prometheus expects. */
export async function scrape(url: string): Promise<Exposition> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  const contentType = response.headers.get("content-type") ?? "";
  if (!contentType.startsWith("text/plain")) throw new Error(`${url} has content type ${contentType}`);
  return parsePrometheusText(await response.text());
}
