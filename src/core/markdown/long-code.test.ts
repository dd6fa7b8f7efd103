import { describe, expect, it } from "vitest";
import { extractLongCode } from "./long-code.js";

const code = (count: number, prefix = "line") =>
  Array.from({ length: count }, (_, index) => `const ${prefix}${index} = ${index};`).join("\n");

describe("extractLongCode", () => {
  it("attaches a long block as a file and keeps an excerpt with a pointer in the message", () => {
    const markdown = `Here is the server:\n\n\`\`\`ts\n${code(120)}\n\`\`\`\n\nRun it with node.`;
    const result = extractLongCode(markdown, { maxLines: 40, excerptLines: 5 });

    expect(result.files).toEqual([
      { name: "snippet-1.ts", language: "ts", content: `${code(120)}\n`, lines: 120 },
    ]);
    expect(result.markdown).toBe(
      `Here is the server:\n\n\`\`\`ts\n${code(5)}\n\`\`\`\n_The full 120-line file is attached as \`snippet-1.ts\`._\n\nRun it with node.`,
    );
  });

  it("leaves short blocks inline and names several files apart", () => {
    const markdown = `\`\`\`yaml\nservices:\n${"  x: 1\n".repeat(50)}\`\`\`\n\n\`\`\`js\nshort();\n\`\`\`\n\n\`\`\`yaml\nservices:\n${"  y: 2\n".repeat(50)}\`\`\``;
    const result = extractLongCode(markdown, { maxLines: 40, excerptLines: 3 });

    expect(result.files.map((file) => file.name)).toEqual(["docker-compose.yml", "docker-compose-2.yml"]);
    expect(result.markdown).toContain("```js\nshort();\n```");
  });

  it("cleans look-alike spaces out of attached code", () => {
    const markdown = `\`\`\`bash\n${"echo\u00A0hi\n".repeat(45)}\`\`\``;
    const [file] = extractLongCode(markdown, { maxLines: 40, excerptLines: 3 }).files;
    expect(file?.content).not.toContain("\u00A0");
  });
});
