import type { App, Receiver, ReceiverEvent } from "@slack/bolt";

/**
 * Bolt acknowledges Events API deliveries before it runs any listener ("Events API requests are
 * acknowledged right away", bolt-js `App.processEvent`). Over HTTP, `processBeforeResponse` holds that
 * response until the listeners are done; the Socket Mode receiver has no such option, so a question whose
 * enqueue failed would already be acknowledged, and Slack redelivers only what was not. This wraps a
 * receiver so every ack waits for the listeners: an `ack()` made while processing is held and sent after;
 * if processing throws, nothing is sent and Slack delivers the envelope again.
 */
export class DeferredAckReceiver implements Receiver {
  constructor(private readonly inner: Receiver) {}

  init(app: App): void {
    const processEvent = async (event: ReceiverEvent): Promise<void> => {
      let held: { response: unknown } | undefined;
      await app.processEvent({
        ...event,
        ack: async (response?: unknown) => {
          held = { response };
        },
      });
      if (held) await event.ack(held.response);
    };
    // The receiver only calls processEvent; everything else is the app's own.
    this.inner.init(
      new Proxy(app, {
        get: (target, property, receiver) =>
          property === "processEvent" ? processEvent : Reflect.get(target, property, receiver),
      }),
    );
  }

  start(...args: unknown[]): Promise<unknown> {
    return this.inner.start(...args);
  }

  stop(...args: unknown[]): Promise<unknown> {
    return this.inner.stop(...args);
  }
}
