const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Long enough to hold the longest emoji sequences (a family or a flag with modifiers). */
const lookahead = 64;

/**
 * The last place at or before `position`, and after `floor`, where text can be cut without splitting a
 * character: never between the two halves of a surrogate pair, and where possible never inside a
 * grapheme cluster (an emoji with a skin tone, a flag, a letter with combining accents). Returns `floor`
 * when there is no such place.
 */
export function graphemeBoundaryAtOrBefore(text: string, position: number, floor: number): number {
  if (position >= text.length) return text.length;
  if (position <= floor) return floor;
  // Segmenting is slow (about a microsecond a character), so start near `position`, at a printable ASCII
  // character: one begins a cluster (bar rare Indic prepend marks), so segments found from there are true.
  let from = Math.max(floor, position - lookahead);
  while (from > floor && !isPrintableAscii(text.charCodeAt(from))) from--;
  let boundary = from;
  for (const { index } of segmenter.segment(text.slice(from, position + lookahead))) {
    if (from + index > position) break;
    boundary = from + index;
  }
  if (boundary > floor) return boundary;
  // A single cluster longer than the room available: fall back to code points.
  return isLowSurrogate(text.charCodeAt(position)) ? position - 1 : position;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function isPrintableAscii(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}
