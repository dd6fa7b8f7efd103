/**
 * Lines of an answer, to find where markdown-it's inline text lies in the source. markdown-it gives a
 * paragraph's (or a setext heading's) text as its lines with the containers' markers and indentation
 * taken off the front, joined with "\n", and the whole trimmed: so each line of that text is the end of
 * its source line (the last one once trailing whitespace is off). Checking exactly that gives the offset
 * of every line, or shows that it does not hold (a tab expanded to spaces) and the caller falls back.
 */
export interface SourceLines {
  /** Whether line `line` holds only whitespace; true before the first line. */
  isBlank(line: number): boolean;
  /** Where line `line` (from 0) ends, before its line break. */
  endOf(line: number): number;
  /**
   * Turns offsets in `content`, the text of the block starting on line `first`, into source offsets;
   * undefined when the content's lines are not the ends of the source lines.
   */
  mapContent(first: number, content: string): ((offset: number) => number) | undefined;
}

export function createSourceLines(source: string): SourceLines {
  const starts = [0];
  for (let at = source.indexOf("\n"); at !== -1; at = source.indexOf("\n", at + 1)) starts.push(at + 1);
  const endOf = (line: number) => {
    const next = starts[line + 1];
    return next === undefined ? source.length : next - 1;
  };
  const mapContent = (first: number, content: string) => {
    const pieces = content.split("\n");
    const sourceStarts: number[] = [];
    const contentStarts: number[] = [];
    let contentAt = 0;
    for (const [index, piece] of pieces.entries()) {
      const line = first + index;
      const lineStart = starts[line];
      if (lineStart === undefined) return undefined;
      let lineEnd = endOf(line);
      if (index === pieces.length - 1)
        while (lineEnd > lineStart && /\s/.test(source[lineEnd - 1] ?? "")) lineEnd--;
      if (lineEnd - lineStart < piece.length || !source.startsWith(piece, lineEnd - piece.length))
        return undefined;
      sourceStarts.push(lineEnd - piece.length);
      contentStarts.push(contentAt);
      contentAt += piece.length + 1;
    }
    return (offset: number) => {
      let index = contentStarts.length - 1;
      while (index > 0 && (contentStarts[index] ?? 0) > offset) index--;
      return (sourceStarts[index] ?? 0) + offset - (contentStarts[index] ?? 0);
    };
  };
  const isBlank = (line: number) => line < 0 || source.slice(starts[line], endOf(line)).trim() === "";
  return { endOf, isBlank, mapContent };
}
