// markdown-it ships its rules as modules ("markdown-it/lib/*" is in its exports map) but @types/markdown-it
// types only the parser classes. These are the rules markdown-it-parser.ts wraps (to note source offsets, or
// to skip work).
declare module "markdown-it/lib/rules_block/*.mjs" {
  import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";
  export default function rule(
    state: StateBlock,
    startLine: number,
    endLine: number,
    silent: boolean,
  ): boolean;
}
declare module "markdown-it/lib/rules_inline/backticks.mjs" {
  import type StateInline from "markdown-it/lib/rules_inline/state_inline.mjs";
  export default function backticks(state: StateInline, silent: boolean): boolean;
}
declare module "markdown-it/lib/rules_core/normalize.mjs" {
  import type StateCore from "markdown-it/lib/rules_core/state_core.mjs";
  export default function normalize(state: StateCore): void;
}
