import { type APIMessage, MessageType } from "@discordjs/core/http-only";
import type { Ask, Attachment, Turn } from "../../core/ask.js";
import { questionFromEcho } from "./command-ask.js";
import { contentWithForwards } from "./forwarded-messages.js";
import { stripBotMention } from "./message-ask.js";

export interface TurnSources {
  /** The conversation's messages before the question, oldest first, as Discord's REST API returns them. */
  messages: APIMessage[];
  /** What the bot saw and said here before (questions by message id, each followed by its answer). */
  transcript: Turn[];
  ask: Ask;
  botUserId: string;
  /** Name the authors: a thread has several people; a DM has one and names would be noise. */
  attribute: boolean;
  /** Files people attached, read already, by message id (the question's too). */
  attachments?: ReadonlyMap<string, Attachment[]>;
}

const spokenTypes: ReadonlySet<MessageType> = new Set([MessageType.Default, MessageType.Reply]);

/**
 * The conversation as the model sees it: the thread is the truth for who said what and in which order,
 * the transcript fills in what the platform shows imperfectly. An earlier answer comes from the
 * transcript when it has it (the model's own Markdown, whole, even if parts were posted after later
 * messages), otherwise from the bot's messages; a question comes from the transcript when the platform
 * shows it empty (no Message Content intent) or cut (a long `/rte` echo). The thread's starter message
 * stands for the message it was started from. The question itself always comes last, from the Ask.
 */
export function conversationTurns(sources: TurnSources): Turn[] {
  const { ask, botUserId } = sources;
  const known = indexTranscript(sources.transcript);
  const turns: Turn[] = [];
  let answerGivenByTranscript = false;
  const filesOf = (messageId: string) => {
    const attachments = sources.attachments?.get(messageId);
    return attachments && attachments.length > 0 ? { attachments } : {};
  };
  const userTurn = (message: APIMessage, author: string, text: string) => {
    turns.push({
      role: "user",
      text,
      messageId: message.id,
      ...(sources.attribute ? { author } : {}),
      ...filesOf(message.id),
    });
    const answer = known.answers.get(message.id);
    answerGivenByTranscript = answer !== undefined;
    if (answer !== undefined) turns.push({ role: "assistant", text: answer });
  };

  for (const listed of sources.messages) {
    const message =
      listed.type === MessageType.ThreadStarterMessage ? (listed.referenced_message ?? undefined) : listed;
    if (!message || message.id === ask.messageId) continue;
    if (message.author.id === botUserId && message.type === MessageType.ChatInputCommand) {
      // A `/rte` response message: the question someone asked, shown by the bot.
      const asker = message.interaction_metadata?.user;
      userTurn(
        message,
        asker ? nameOf(asker) : "someone",
        known.questions.get(message.id) ?? questionFromEcho(message.content),
      );
      continue;
    }
    if (!spokenTypes.has(message.type)) continue;
    if (message.author.id === botUserId) {
      if (!answerGivenByTranscript && message.content !== "") {
        turns.push({ role: "assistant", text: message.content, messageId: message.id });
      }
      continue;
    }
    const text =
      known.questions.get(message.id) ??
      stripBotMention(contentWithForwards(message), { botUserId, botRoleId: undefined });
    // Empty: someone else's message read without the Message Content intent (a file alone still counts).
    if (text !== "" || sources.attachments?.has(message.id)) userTurn(message, nameOf(message.author), text);
  }
  turns.push({
    role: "user",
    text: ask.text,
    messageId: ask.messageId,
    ...(sources.attribute ? { author: ask.author.name ?? ask.author.id } : {}),
    ...filesOf(ask.messageId),
  });
  return turns;
}

function indexTranscript(transcript: Turn[]) {
  const questions = new Map<string, string>();
  const answers = new Map<string, string>();
  for (const [index, turn] of transcript.entries()) {
    if (turn.role !== "user" || turn.messageId === undefined) continue;
    questions.set(turn.messageId, turn.text);
    const next = transcript[index + 1];
    if (next?.role === "assistant") answers.set(turn.messageId, next.text);
  }
  return { questions, answers };
}

function nameOf(user: { username: string; global_name?: string | null }): string {
  return user.global_name ?? user.username;
}
