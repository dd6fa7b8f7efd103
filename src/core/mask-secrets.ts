/**
 * People paste configs and stack traces into questions, credentials included. Before user text reaches a
 * log (debug level only), anything shaped like a credential is masked: keep a short prefix so the reader
 * still sees what kind of secret it was.
 */
const credentialPatterns: RegExp[] = [
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g, // Anthropic
  /\bsk-[A-Za-z0-9_-]{20,}/g, // OpenAI-style
  /\bxox[abposr]-[A-Za-z0-9-]{8,}/g, // Slack bot/user/app tokens
  /\bxapp-[A-Za-z0-9-]{8,}/g,
  /\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}\b/g, // Discord bot token
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g, // GitHub
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWT
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

const assignmentPattern =
  /\b(password|passwd|secret|api[_-]?key|token|authorization)(["']?\s*[:=]\s*)(["']?)(Bearer\s+)?([^\s"']{6,})\3/gi;
const urlPasswordPattern = /\b([a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)([^@\s]+)@/gi;

export function maskSecrets(text: string): string {
  let masked = text;
  for (const pattern of credentialPatterns)
    masked = masked.replace(pattern, (match) => `${match.slice(0, 6)}…[masked]`);
  masked = masked.replace(
    assignmentPattern,
    (_match, name: string, separator: string, quote: string, bearer = "") => {
      return `${name}${separator}${quote}${bearer}[masked]${quote}`;
    },
  );
  return masked.replace(urlPasswordPattern, "$1[masked]@");
}
