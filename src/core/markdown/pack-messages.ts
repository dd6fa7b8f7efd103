import { graphemeBoundaryAtOrBefore } from "./grapheme-boundary.js";

/** A rendered stretch of an answer: a code fence is whole (`atomic`) and never split; prose may be. */
export interface Piece {
  text: string;
  atomic: boolean;
}

/**
 * Lays pieces out in messages of at most `limit` characters (JavaScript string length, which is what
 * Discord's 2,000 and Slack's 12,000 count), a blank line between pieces, losing nothing. A code fence
 * never fits badly: the renderer sends whatever a message cannot hold as a file, so a fence goes whole into
 * the message it fits in or starts the next one. Prose is split where it reads best: at a blank line, a
 * line end, a space, and last between two characters (never inside an emoji); a better kind of cut gives
 * way when it would leave the message less than half full.
 */
export function packMessages(pieces: Piece[], limit: number): string[] {
  const messages: string[] = [];
  let current = "";
  const flush = () => {
    if (current !== "") messages.push(current);
    current = "";
  };
  for (const piece of pieces) {
    let rest = piece.text;
    while (rest !== "") {
      const lead = current === "" ? "" : `${current}\n\n`;
      const room = limit - lead.length;
      if (rest.length <= room) {
        current = lead + rest;
        break;
      }
      const cut = piece.atomic || room <= 0 ? undefined : cutProse(rest, room);
      if (cut === undefined || (current !== "" && cut.head.length < room / 2)) {
        if (current === "")
          throw new RangeError(`a piece of ${rest.length} characters exceeds the limit ${limit}`);
        flush();
        continue;
      }
      messages.push(lead + cut.head);
      current = "";
      rest = cut.rest;
    }
  }
  flush();
  return messages;
}

/** The best place to cut `text` so that the head holds at most `room` characters. */
function cutProse(text: string, room: number): { head: string; rest: string } {
  // The next message starts at content: the blank lines (or spaces) at a cut go, indentation stays.
  const at = (end: number, skip: RegExp) => ({
    head: text.slice(0, end).trimEnd(),
    rest: text.slice(end).replace(skip, ""),
  });
  const candidates = [
    at(text.lastIndexOf("\n\n", room), /^\n+/),
    at(text.lastIndexOf("\n", room), /^\n+/),
    at(text.lastIndexOf(" ", room), /^ +/),
  ].filter((candidate) => candidate.head !== "" && candidate.head.length <= room);
  const best = candidates.find((candidate) => candidate.head.length >= room / 2) ?? candidates[0];
  if (best !== undefined) return best;
  const end = Math.max(1, graphemeBoundaryAtOrBefore(text, room, 0));
  return { head: text.slice(0, end), rest: text.slice(end) };
}
