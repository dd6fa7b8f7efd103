import type { API } from "@discordjs/core/http-only";
import { type Ask, askId } from "../../core/ask.js";
import { questionEcho } from "./command-ask.js";
import { inviteUrl } from "./command-registration.js";
import { directMessageWorkspace } from "./message-ask.js";
import { noMentions } from "./rest-messenger.js";

/**
 * A question asked where the bot cannot post (see `botIsPresent`), moved to the asker's DM with the bot:
 * the bot opens the DM, shows the question there, and that message becomes an ordinary DM question. The
 * interaction's token, good for 15 minutes and five follow-ups on a user install, is not needed after.
 * https://discord.com/developers/docs/resources/user#create-dm
 */
export async function directQuestion(
  api: API,
  author: Ask["author"],
  text: string,
  receivedAt: number,
): Promise<Ask> {
  const dm = await api.users.createDM(author.id);
  const posted = await api.channels.createMessage(dm.id, {
    content: questionEcho(text),
    allowed_mentions: noMentions,
  });
  return {
    id: askId("discord", posted.id),
    conversation: { platform: "discord", workspace: directMessageWorkspace, channel: dm.id, thread: dm.id },
    messageId: posted.id,
    author,
    text,
    trigger: "command",
    receivedAt,
  };
}

/** A DM as the allowlist sees it ("@me"), before the DM channel exists. */
export const directMessagePlace = { workspace: directMessageWorkspace, channel: directMessageWorkspace };

/** What the asker reads when neither the channel nor a DM can be reached. */
export function cannotReach(applicationId: string): string {
  return `I'm not in this conversation and couldn't message you directly. Add me to the server (${inviteUrl(applicationId)}) or ask me in a DM.`;
}
