/** Discord's limit for a thread name: https://discord.com/developers/docs/resources/channel#start-thread-from-message */
const maxLength = 100;

/**
 * A thread's name, from the question that starts it: its first line with Markdown, links and mentions
 * reduced to words, cut at a word boundary to fit Discord's 100 characters.
 */
export function threadName(question: string, fallback = "Question for rte"): string {
  const firstLine =
    question
      .split("\n")
      .map((line) => plain(line))
      .find((line) => line !== "") ?? "";
  if (firstLine === "") return fallback;
  if (firstLine.length <= maxLength) return firstLine;
  const cut = firstLine.slice(0, maxLength - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace >= maxLength / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

function plain(line: string): string {
  if (/^\s*(?:```|~~~)/.test(line)) return ""; // a fence line names nothing
  return line
    .replace(/<@[!&]?\d+>/g, "") // user and role mentions
    .replace(/<#\d+>/g, "") // channel mentions
    .replace(/<a?:(\w+):\d+>/g, ":$1:") // custom emoji
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // masked links
    .replace(/^\s*(?:#{1,3}\s|>\s?|[-*]\s|\d+\.\s)/, "") // heading, quote, list marker
    .replace(/[`*_~|]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
