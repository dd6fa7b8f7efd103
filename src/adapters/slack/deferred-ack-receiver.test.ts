import { App, type Receiver, type ReceiverEvent } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../../../test/fakes/fake-slack.js";
import { slackEvent } from "../../../test/fixtures/slack/fixtures.js";
import { silentLogger } from "../../core/logger.js";
import { DeferredAckReceiver } from "./deferred-ack-receiver.js";
import { slackLogger } from "./slack-logger.js";

/** A transport the way SocketModeReceiver is one: it hands envelopes to the app and sends what it acks. */
class EnvelopeTransport implements Receiver {
  app: App | undefined;
  init(app: App) {
    this.app = app;
  }
  async start() {}
  async stop() {}
  /** Delivers one envelope; resolves with the log of what happened, in order. */
  async deliver(body: object, log: string[]): Promise<void> {
    const event: ReceiverEvent = {
      body: body as ReceiverEvent["body"],
      ack: async () => {
        log.push("acked");
      },
    };
    await this.app?.processEvent(event).catch(() => log.push("not acked: Slack will deliver again"));
  }
}

describe("DeferredAckReceiver", () => {
  let slack: FakeSlack;
  beforeEach(async () => {
    slack = await startFakeSlack();
  });
  afterEach(async () => {
    await slack.close();
  });

  const appWith = (transport: EnvelopeTransport, listener: () => Promise<void>) => {
    const app = new App({
      token: slack.botToken,
      receiver: new DeferredAckReceiver(transport),
      logger: slackLogger(silentLogger),
      clientOptions: { slackApiUrl: slack.url },
      convoStore: false,
    });
    app.event("app_mention", listener);
    app.error(async (error) => {
      throw error;
    });
    return app;
  };

  it("acknowledges an event only after its listeners are done", async () => {
    const transport = new EnvelopeTransport();
    const log: string[] = [];
    appWith(transport, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push("queued");
    });

    await transport.deliver(slackEvent("app-mention"), log);

    expect(log).toEqual(["queued", "acked"]);
  });

  it("withholds the acknowledgement when a listener fails, so the question is delivered again", async () => {
    const transport = new EnvelopeTransport();
    const log: string[] = [];
    appWith(transport, async () => {
      throw new Error("Redis is down");
    });

    await transport.deliver(slackEvent("app-mention"), log);

    expect(log).toEqual(["not acked: Slack will deliver again"]);
  });
});
