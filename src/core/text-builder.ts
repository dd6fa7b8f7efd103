/** Pieces held before they are joined into a block. */
const joinEvery = 64;

/**
 * Text that grows by small pieces (an answer's deltas), held as blocks of joined pieces plus the last few
 * pieces.
 *
 * Why not `text += piece` or an array of pieces: both keep every piece as a string of its own for as long
 * as the text lives, and `+=` adds a rope node per piece on top. With Claude's deltas of a few words that
 * is about six bytes of heap per character of answer, in every place that holds the text (the model's
 * content blocks, the answer, the reply), for the whole stream: most of what 1,000 streaming answers hold
 * (a heap snapshot of the worker, bench N = 1,000). `join` copies the pieces into one sequential string,
 * so every `joinEvery` pieces they are about a byte per character again.
 *
 * Why blocks rather than one string that each join rewrites: that string lives until the next join, long
 * enough for the garbage collector to copy it out of the young generation and promote it, and then it is
 * garbage in the old one. Rewritten every 64 pieces, an answer of a few thousand characters made several
 * times its own size of such copies, and at 1,000 answers they were most of what survived each scavenge
 * (sampled allocations that outlived a scavenge, bench N = 1,000). Here each character is copied into a
 * block once. The whole text is joined when asked for, and kept only until the next piece.
 */
export class TextBuilder {
  private blocks: string[] = [];
  private pieces: string[] = [];
  private size = 0;
  private whole: string | undefined;

  /** Characters so far (UTF-16 code units, as `string.length` counts them). */
  get length(): number {
    return this.size;
  }

  append(piece: string): void {
    if (piece === "") return;
    this.pieces.push(piece);
    this.size += piece.length;
    this.whole = undefined;
    if (this.pieces.length >= joinEvery) {
      this.blocks.push(this.pieces.join(""));
      this.pieces = [];
    }
  }

  toString(): string {
    this.whole ??= this.blocks.length === 0 ? this.pieces.join("") : this.blocks.concat(this.pieces).join("");
    return this.whole;
  }
}
