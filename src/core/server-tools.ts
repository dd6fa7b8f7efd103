/**
 * Server tools as the core sees them: what one is doing right now (to show while no text comes) and the
 * pages an answer rests on (to list under it). Both come from the model's own output, and the web, so they
 * are untrusted text: shortened, flattened to one line, and never carrying anything but http(s) links.
 */

export type ServerToolName = "web_search" | "web_fetch" | "code_execution";

export const serverToolNames: readonly ServerToolName[] = ["web_search", "web_fetch", "code_execution"];

/**
 * A persona file may narrow the configured tools for the channels it serves with a first line like
 * `<!-- tools: web_search -->` (or `<!-- tools: none -->`); the line is not sent to the model. Without it
 * the persona gets every tool RTE_TOOLS offers. Names it does not know are ignored: it can only narrow.
 */
export function readPersonaTools(persona: string): { system: string; tools?: ServerToolName[] } {
  const match = /^<!--\s*tools:\s*([^>]*?)\s*-->\s*\n?/.exec(persona);
  if (!match) return { system: persona };
  const names = (match[1] ?? "").split(",").map((name) => name.trim());
  const tools = serverToolNames.filter((name) => names.includes(name));
  return { system: persona.slice(match[0].length), tools };
}

/** One tool call as it starts: the search query, the fetched URL, nothing for code. */
export interface ToolActivity {
  tool: ServerToolName;
  /** The query or the URL, as the model wrote it. */
  subject?: string;
}

/** A page the answer cites or read in full. */
export interface Source {
  url: string;
  title?: string;
}

/** Longest subject shown in a status line, in characters. */
const subjectLength = 60;
/** Longest title in the Sources line, in characters. */
const titleLength = 50;
/** The Sources line stays one short line; the rest are counted. */
const mostSources = 6;

/** "searching the web for “socket.io 4.8 release notes”": lower-case, no ending, for any platform to frame. */
export function describeActivity(activity: ToolActivity): string {
  // Markup characters go: the line is shown in italics on some platforms and as plain status on others.
  const subject =
    activity.subject === undefined
      ? ""
      : shorten(oneLine(activity.subject).replace(/[`*_~|<>]/g, ""), subjectLength);
  switch (activity.tool) {
    case "web_search":
      return subject === "" ? "searching the web" : `searching the web for “${subject}”`;
    case "web_fetch":
      return subject === "" ? "reading a web page" : `reading ${hostOf(subject) ?? subject}`;
    case "code_execution":
      return "running code";
  }
}

/** Keeps the first source of each URL (without its #fragment), in the order they were cited. */
export function dedupeSources(sources: readonly Source[]): Source[] {
  const seen = new Set<string>();
  const unique: Source[] = [];
  for (const source of sources) {
    const url = safeUrl(source.url);
    if (url === undefined) continue;
    const key = url.replace(/#.*$/, "");
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(source.title === undefined ? { url } : { url, title: source.title });
  }
  return unique;
}

/**
 * "**Sources:** [title](url) · [title](url)" as Markdown the platform renders, or "" when there are none.
 * Titles are page text from the web: brackets and emphasis characters are dropped so a title cannot break
 * the link or smuggle formatting; mentions are left to each platform's renderer, which makes them inert.
 */
export function sourcesMarkdown(sources: readonly Source[]): string {
  const unique = dedupeSources(sources);
  if (unique.length === 0) return "";
  const links = unique.slice(0, mostSources).map((source) => {
    const title = shorten(oneLine((source.title ?? "").replace(/[[\]()<>*_`~|\\]/g, " ")), titleLength);
    return `[${title === "" ? (hostOf(source.url) ?? "link") : title}](${source.url})`;
  });
  const more = unique.length > mostSources ? ` · and ${unique.length - mostSources} more` : "";
  return `**Sources:** ${links.join(" · ")}${more}`;
}

/** An absolute http(s) URL with the characters that would end a Markdown link escaped, else undefined. */
function safeUrl(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
    return url.href.replaceAll("(", "%28").replaceAll(")", "%29");
  } catch {
    return undefined;
  }
}

function hostOf(text: string): string | undefined {
  try {
    return new URL(text).hostname.replace(/^www\./, "") || undefined;
  } catch {
    return undefined;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function shorten(text: string, length: number): string {
  const characters = Array.from(text);
  return characters.length <= length
    ? text
    : `${characters
        .slice(0, length - 1)
        .join("")
        .trimEnd()}…`;
}
