/**
 * Server tool answers: a script of steps (text with citations, web searches, page fetches, code runs)
 * turned into the content blocks the API returns for them, built against the SDK's own types.
 * Shapes: platform.claude.com web search, web fetch and code execution tool pages; SDK 1.14
 * `ServerToolUseBlock`, `WebSearchToolResultBlock`, `WebFetchToolResultBlock`, `CodeExecutionToolResultBlock`.
 */
import type { ContentBlock, TextCitation } from "@anthropic-ai/sdk/resources/messages";

export interface FakeSearchHit {
  url: string;
  title: string;
}

export type FakeToolStep =
  /** Text; `cites` names search hits (by URL) that the text cites, each a `web_search_result_location`. */
  | { type: "text"; text: string; cites?: FakeSearchHit[] }
  /**
   * A search and its results. `paused`: the response ends (pause_turn) after the server_tool_use, before
   * its result, which the fake then sends first in the response that continues the turn.
   */
  | { type: "web_search"; query: string; results: FakeSearchHit[]; paused?: boolean }
  | { type: "web_fetch"; url: string; title: string; text: string }
  | { type: "code_execution"; code: string; stdout: string };

/** Content the fake has promised for a paused tool call, keyed by its server_tool_use id. */
export type PendingResults = Map<string, ContentBlock>;

export interface BuiltResponse {
  blocks: ContentBlock[];
  webSearchRequests: number;
  webFetchRequests: number;
}

const direct = { type: "direct" as const };

/** Encrypted fields are opaque to clients; the fake fills them with something that looks the part. */
function encrypted(seed: string): string {
  return Buffer.from(`fake-encrypted:${seed}`).toString("base64");
}

export function buildToolResponse(
  steps: readonly FakeToolStep[],
  idPrefix: string,
  pending: PendingResults,
  resumed: ContentBlock[],
): BuiltResponse {
  const blocks: ContentBlock[] = [...resumed];
  let webSearchRequests = resumed.filter((block) => block.type === "web_search_tool_result").length;
  let webFetchRequests = 0;
  steps.forEach((step, index) => {
    const id = `srvtoolu_${idPrefix}_${index}`;
    switch (step.type) {
      case "text": {
        const citations: TextCitation[] = (step.cites ?? []).map((hit) => ({
          type: "web_search_result_location",
          url: hit.url,
          title: hit.title,
          cited_text: step.text.slice(0, 150),
          encrypted_index: encrypted(`${hit.url}#index`),
        }));
        blocks.push({ type: "text", text: step.text, citations: citations.length > 0 ? citations : null });
        return;
      }
      case "web_search": {
        blocks.push({
          type: "server_tool_use",
          id,
          name: "web_search",
          input: { query: step.query },
          caller: direct,
        });
        const result: ContentBlock = {
          type: "web_search_tool_result",
          tool_use_id: id,
          caller: direct,
          content: step.results.map((hit) => ({
            type: "web_search_result",
            url: hit.url,
            title: hit.title,
            page_age: "2 days ago",
            encrypted_content: encrypted(hit.url),
          })),
        };
        if (step.paused) {
          pending.set(id, result);
          return;
        }
        blocks.push(result);
        webSearchRequests += 1;
        return;
      }
      case "web_fetch":
        blocks.push({
          type: "server_tool_use",
          id,
          name: "web_fetch",
          input: { url: step.url },
          caller: direct,
        });
        blocks.push({
          type: "web_fetch_tool_result",
          tool_use_id: id,
          caller: direct,
          content: {
            type: "web_fetch_result",
            url: step.url,
            retrieved_at: "2026-12-05T21:00:00Z",
            content: {
              type: "document",
              title: step.title,
              citations: null,
              source: { type: "text", media_type: "text/plain", data: step.text },
            },
          },
        });
        webFetchRequests += 1;
        return;
      case "code_execution":
        blocks.push({
          type: "server_tool_use",
          id,
          name: "code_execution",
          input: { code: step.code },
          caller: direct,
        });
        blocks.push({
          type: "code_execution_tool_result",
          tool_use_id: id,
          content: {
            type: "code_execution_result",
            stdout: step.stdout,
            stderr: "",
            return_code: 0,
            content: [],
          },
        });
        return;
    }
  });
  return { blocks, webSearchRequests, webFetchRequests };
}

/** Whether a script stops to be continued: a paused search leaves its result for the next request. */
export function pausesTurn(steps: readonly FakeToolStep[]): boolean {
  return steps.some((step) => step.type === "web_search" && step.paused === true);
}

/**
 * The results owed to a request that continues a paused turn: its last message is the assistant's, ending
 * in server_tool_use blocks without results. The real API rejects an unpaired server_tool_use anywhere else
 * ("`web_search` tool use with id … was found without a corresponding `web_search_tool_result` block").
 */
export function resultsOwed(
  // biome-ignore lint/suspicious/noExplicitAny: the recorded request body, any JSON.
  messages: any[],
  pending: PendingResults,
): { owed: ContentBlock[] } | { problem: string } {
  const owed: ContentBlock[] = [];
  for (const [messageIndex, message] of messages.entries()) {
    if (message?.role !== "assistant" || !Array.isArray(message.content)) continue;
    const answered = new Set(
      message.content
        .filter((block: { tool_use_id?: unknown }) => typeof block.tool_use_id === "string")
        .map((block: { tool_use_id: string }) => block.tool_use_id),
    );
    for (const block of message.content) {
      if (block?.type !== "server_tool_use" || answered.has(block.id)) continue;
      const result = pending.get(block.id);
      if (messageIndex !== messages.length - 1 || result === undefined) {
        return {
          problem: `messages.${messageIndex}: \`${block.name}\` tool use with id \`${block.id}\` was found without a corresponding \`${block.name}_tool_result\` block`,
        };
      }
      owed.push(result);
    }
  }
  return { owed };
}
