import { describe, expect, it } from "vitest";
import {
  parseScenarioDefinition,
  type ScenarioDefinition,
  type ScenarioDefinitionInput,
} from "../model";
import { decide, initialState } from "./decide";
import { seededRandom } from "./random";
import { testContact } from "./contact-fixture";
import type { ContactSnapshot, DecideContext, RunState } from "./types";

const T0 = new Date("2026-11-23T12:00:00Z"); // 13:00 in Berlin
const at = (ms: number) => new Date(T0.valueOf() + ms);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function definition(input: ScenarioDefinitionInput): ScenarioDefinition {
  const parsed = parseScenarioDefinition(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
}

const cart = definition({
  schemaVersion: 1,
  trigger: { type: "added_to_cart" },
  start: "wait-1h",
  goal: { events: ["order_placed"] },
  steps: [
    {
      id: "wait-1h",
      type: "wait",
      duration: { amount: 1, unit: "hours" },
      next: "cart-email",
    },
    {
      id: "cart-email",
      type: "send",
      channels: ["email"],
      message: {
        key: "sa3.cart",
        body: {
          en: "Hi {{first_name}}, your cart is waiting",
          ru: "{{first_name}}, корзина ждёт",
        },
        fallbacks: { first_name: "there" },
      },
      next: "wait-3d",
    },
    {
      id: "wait-3d",
      type: "wait_until",
      event: "order_placed",
      timeout: { amount: 3, unit: "days" },
      onTimeout: "reminder",
    },
    {
      id: "reminder",
      type: "send",
      channels: ["web_push", "email"],
      message: {
        key: "sa3.reminder",
        body: { en: "Your code: {{code}}" },
        discount: { percent: 10 },
      },
    },
  ],
});

const contact = (over: Partial<ContactSnapshot> = {}) =>
  testContact({ values: { first_name: null, code: "SAVE10" }, ...over });

const ctx = (
  now: Date,
  over: Partial<ContactSnapshot> = {},
  language = "en",
): DecideContext => ({
  now,
  contact: contact(over),
  language,
  random: () => 0.5,
  shop: { dailyCap: 2, quietHours: { start: 21, end: 9 }, timeZone: "UTC" },
});

describe("the engine walking an abandoned-cart scenario", () => {
  it("waits an hour, emails the cart, waits three days, then reminds with the code", () => {
    let d = decide(cart, initialState(T0), { kind: "start" }, ctx(T0));
    expect(d.effects).toEqual([
      { type: "schedule", stepId: "wait-1h", at: at(HOUR) },
    ]);

    expect(
      decide(cart, d.state, { kind: "due" }, ctx(at(HOUR / 2))).effects,
    ).toEqual([]); // not yet due

    d = decide(cart, d.state, { kind: "due" }, ctx(at(HOUR)));
    expect(d.effects).toEqual([
      expect.objectContaining({
        type: "send",
        stepId: "cart-email",
        channel: "email",
        body: "Hi there, your cart is waiting",
      }),
      { type: "schedule", stepId: "wait-3d", at: at(HOUR + 3 * DAY) },
    ]);

    d = decide(
      cart,
      d.state,
      { kind: "due" },
      ctx(at(HOUR + 3 * DAY), { marketingSentAt: [at(HOUR)] }),
    );
    expect(d.effects).toEqual([
      expect.objectContaining({
        type: "send",
        stepId: "reminder",
        channel: "email",
        body: "Your code: SAVE10",
      }),
      { type: "complete" },
    ]);
    expect(d.state.status).toBe("completed");
  });

  it("exits as goal reached when the contact orders on day 2, and sends no reminder", () => {
    let d = decide(cart, initialState(T0), { kind: "start" }, ctx(T0));
    d = decide(cart, d.state, { kind: "due" }, ctx(at(HOUR)));
    d = decide(
      cart,
      d.state,
      {
        kind: "event",
        eventId: "order-1",
        event: "order_placed",
        at: at(2 * DAY),
      },
      ctx(at(2 * DAY)),
    );
    expect(d.effects).toEqual([{ type: "exit", reason: "goal_reached" }]);
    expect(
      decide(cart, d.state, { kind: "due" }, ctx(at(4 * DAY))).effects,
    ).toEqual([]);
  });

  it("exits before sending when an order arrived that the run did not hear of", () => {
    const d = decide(cart, initialState(T0), { kind: "start" }, ctx(T0));
    const late = decide(
      cart,
      d.state,
      { kind: "due" },
      ctx(at(HOUR), { lastOrderAt: at(HOUR / 2) }),
    );
    expect(late.effects).toEqual([{ type: "exit", reason: "goal_reached" }]);
  });

  it("takes an event that came before the run reached the step waiting for it (an email left during the popup's delay)", () => {
    const welcome = definition({
      schemaVersion: 1,
      trigger: { type: "site_visit" },
      start: "delay",
      steps: [
        {
          id: "delay",
          type: "wait",
          duration: { amount: 10, unit: "seconds" },
          next: "popup",
        },
        {
          id: "popup",
          type: "send",
          channels: ["popup"],
          next: "captured",
          message: {
            key: "t.popup",
            body: { en: "Your email?" },
            content: "email_capture",
          },
        },
        {
          id: "captured",
          type: "wait_until",
          event: "email_captured",
          timeout: { amount: 30, unit: "minutes" },
          onEvent: "welcome",
          onTimeout: "bye",
        },
        {
          id: "welcome",
          type: "send",
          channels: ["email"],
          message: { key: "t.welcome", body: { en: "Welcome" } },
        },
        {
          id: "bye",
          type: "send",
          channels: ["email"],
          message: { key: "t.bye", body: { en: "Maybe later" } },
        },
      ],
    });
    let d = decide(welcome, initialState(T0), { kind: "start" }, ctx(T0));
    d = decide(
      welcome,
      d.state,
      {
        kind: "event",
        eventId: "capture-1",
        event: "email_captured",
        at: at(5_000),
      },
      ctx(at(5_000)),
    );
    expect(d.effects).toEqual([]);
    d = decide(
      welcome,
      d.state,
      { kind: "due" },
      ctx(at(10_000), { onSite: true }),
    );
    expect(
      d.effects.map((e) => ("stepId" in e ? `${e.type}:${e.stepId}` : e.type)),
    ).toEqual(["send:popup", "send:welcome", "complete"]);
  });

  it("changes nothing when the same event is replayed", () => {
    const waiting = decide(
      cart,
      initialState(T0),
      { kind: "start" },
      ctx(T0),
    ).state;
    const event = {
      kind: "event" as const,
      eventId: "visit-9",
      event: "site_visit" as const,
      at: T0,
    };
    const once = decide(cart, waiting, event, ctx(T0));
    const twice = decide(cart, once.state, event, ctx(T0));
    expect(twice).toEqual({ state: once.state, effects: [] });
  });

  it("defers a capped email to the next allowed morning in the contact's zone, then sends it", () => {
    const waiting = decide(
      cart,
      initialState(T0),
      { kind: "start" },
      ctx(T0),
    ).state;
    const capped = { marketingSentAt: [at(-2 * HOUR), at(-HOUR)] };
    const d = decide(cart, waiting, { kind: "due" }, ctx(at(HOUR), capped));
    const morning = new Date("2026-11-24T08:00:00Z"); // 09:00 in Berlin
    expect(d.effects).toEqual([
      {
        type: "schedule",
        stepId: "cart-email",
        at: morning,
        reason: "quiet hours or daily budget",
      },
    ]);
    const sent = decide(cart, d.state, { kind: "due" }, ctx(morning, capped));
    expect(sent.effects[0]).toMatchObject({
      type: "send",
      stepId: "cart-email",
    });
  });

  it("uses the cascade's first channel that reaches the contact", () => {
    let d = decide(cart, initialState(T0), { kind: "start" }, ctx(T0));
    d = decide(cart, d.state, { kind: "due" }, ctx(at(HOUR)));
    const push = decide(
      cart,
      d.state,
      { kind: "due" },
      ctx(at(HOUR + 3 * DAY), { pushSubscribed: true }),
    );
    expect(push.effects[0]).toMatchObject({
      type: "send",
      channel: "web_push",
    });
  });

  it("skips an email to a contact without consent, with the reason", () => {
    let d = decide(cart, initialState(T0), { kind: "start" }, ctx(T0));
    d = decide(
      cart,
      d.state,
      { kind: "due" },
      ctx(at(HOUR), { emailConsent: false }),
    );
    expect(d.effects[0]).toEqual({
      type: "skip",
      stepId: "cart-email",
      reason: "no channel can reach the contact (email)",
    });
  });

  it("stops with an error instead of printing a missing value", () => {
    let d = decide(cart, initialState(T0), { kind: "start" }, ctx(T0));
    d = decide(cart, d.state, { kind: "due" }, ctx(at(HOUR)));
    d = decide(
      cart,
      d.state,
      { kind: "due" },
      ctx(at(HOUR + 3 * DAY), { values: { code: null } }),
    );
    expect(d.effects).toEqual([
      {
        type: "fail",
        stepId: "reminder",
        reason: "no value and no fallback for code",
      },
    ]);
    expect(d.state).toMatchObject({
      status: "failed",
      reason: "no value and no fallback for code",
    });
  });

  it("writes in the contact's language", () => {
    let d = decide(cart, initialState(T0), { kind: "start" }, ctx(T0));
    d = decide(
      cart,
      d.state,
      { kind: "due" },
      ctx(at(HOUR), { values: { first_name: "Аня" } }, "ru"),
    );
    expect(d.effects[0]).toMatchObject({ body: "Аня, корзина ждёт" });
  });
});

describe("other steps and exits", () => {
  const daytime = definition({
    schemaVersion: 1,
    trigger: { type: "order_placed" },
    start: "office-hours",
    steps: [
      {
        id: "office-hours",
        type: "wait_for_hours",
        from: 10,
        to: 18,
        next: "ask",
      },
      {
        id: "ask",
        type: "send",
        channels: ["email"],
        marketing: false,
        message: { key: "ask", body: { en: "How was it?" } },
      },
    ],
  });

  it("waits until the contact's next allowed local hour", () => {
    const night = new Date("2026-11-23T22:30:00Z"); // 23:30 in Berlin
    const d = decide(
      daytime,
      initialState(night),
      { kind: "start" },
      ctx(night),
    );
    expect(d.effects).toEqual([
      {
        type: "schedule",
        stepId: "office-hours",
        at: new Date("2026-11-24T09:00:00Z"),
      },
    ]);
    const sent = decide(
      daytime,
      d.state,
      { kind: "due" },
      ctx(new Date("2026-11-24T09:00:00Z")),
    );
    expect(sent.effects.map((e) => e.type)).toEqual(["send", "complete"]);
  });

  it("exits when the contact unsubscribes", () => {
    const waiting = decide(
      cart,
      initialState(T0),
      { kind: "start" },
      ctx(T0),
    ).state;
    const d = decide(
      cart,
      waiting,
      { kind: "event", eventId: "u1", event: "unsubscribed", at: T0 },
      ctx(T0),
    );
    expect(d).toMatchObject({
      effects: [{ type: "exit", reason: "unsubscribed" }],
      state: { status: "exited" },
    });
  });

  it("skips a message the contact already received", () => {
    let d = decide(cart, initialState(T0), { kind: "start" }, ctx(T0));
    d = decide(
      cart,
      d.state,
      { kind: "due" },
      ctx(at(HOUR), { receivedMessageKeys: ["sa3.cart"] }),
    );
    expect(d.effects[0]).toEqual({
      type: "skip",
      stepId: "cart-email",
      reason: "already received this message",
    });
  });
});

describe("transactional order-status messages", () => {
  const shipped = definition({
    schemaVersion: 1,
    trigger: { type: "order_shipped" },
    reentryCooldown: { amount: 0, unit: "seconds" },
    start: "notify",
    steps: [
      {
        id: "notify",
        type: "send",
        channels: ["web_push", "email"],
        marketing: false,
        oncePerContact: false,
        message: {
          key: "re3.shipped",
          body: { en: "Your order has shipped" },
          cta: { label: { en: "Track" }, url: "{{tracking_url}}" },
          fallbacks: { tracking_url: "/account" },
        },
      },
    ],
  });
  const night = new Date("2026-11-23T23:00:00Z"); // midnight in Berlin: quiet hours

  it("go at night, over a spent daily budget, without marketing consent, for every order", () => {
    const d = decide(
      shipped,
      initialState(night),
      { kind: "start" },
      ctx(night, {
        pushSubscribed: true,
        emailConsent: false,
        marketingSentAt: [night, night, night],
        receivedMessageKeys: ["re3.shipped"],
        values: { tracking_url: "https://track.example/1Z" },
      }),
    );
    expect(d.effects).toEqual([
      expect.objectContaining({
        type: "send",
        channel: "web_push",
        marketing: false,
        cta: { label: "Track", url: "https://track.example/1Z" },
      }),
      { type: "complete" },
    ]);
  });

  it("still need the push opt-in; email without marketing consent is the fallback", () => {
    const d = decide(
      shipped,
      initialState(T0),
      { kind: "start" },
      ctx(T0, { pushSubscribed: false, emailConsent: false }),
    );
    expect(d.effects[0]).toMatchObject({ type: "send", channel: "email" });
    const none = decide(
      shipped,
      initialState(T0),
      { kind: "start" },
      ctx(T0, { pushSubscribed: false, email: null }),
    );
    expect(none.effects[0]).toMatchObject({ type: "skip" });
  });

  it("link to the fallback when the tracking link is missing or unsafe", () => {
    for (const tracking of [null, "javascript:alert(1)"]) {
      const d = decide(
        shipped,
        initialState(T0),
        { kind: "start" },
        ctx(T0, { pushSubscribed: true, values: { tracking_url: tracking } }),
      );
      expect(d.effects[0]).toMatchObject({
        cta: { label: "Track", url: "/account" },
      });
    }
  });

  it("leave {{product_url}} for the delivery to fill", () => {
    const review = definition({
      schemaVersion: 1,
      trigger: { type: "order_delivered" },
      start: "review",
      steps: [
        {
          id: "review",
          type: "send",
          channels: ["email"],
          message: {
            key: "re4.review",
            body: { en: "How do you like it?" },
            cta: { label: { en: "Review" }, url: "{{product_url}}" },
          },
        },
      ],
    });
    const d = decide(review, initialState(T0), { kind: "start" }, ctx(T0));
    expect(d.effects[0]).toMatchObject({
      cta: { label: "Review", url: "{{product_url}}" },
    });
  });

  it("a marketing message still goes once per contact", () => {
    let d = decide(cart, initialState(T0), { kind: "start" }, ctx(T0));
    d = decide(
      cart,
      d.state,
      { kind: "due" },
      ctx(at(HOUR), { receivedMessageKeys: ["sa3.cart"] }),
    );
    expect(d.effects[0]).toMatchObject({ type: "skip" });
  });
});

describe("splits", () => {
  const ab = definition({
    schemaVersion: 1,
    trigger: { type: "order_placed" },
    start: "ab",
    steps: [
      {
        id: "ab",
        type: "split",
        holdoutPercent: 10,
        variants: [
          { key: "a", weight: 50, next: "thanks" },
          { key: "b", weight: 50, next: "thanks" },
        ],
      },
      {
        id: "thanks",
        type: "send",
        channels: ["popup"],
        marketing: false,
        message: { key: "re1.thanks", body: { en: "Thank you!" } },
      },
    ],
  });
  const run = (roll: number): RunState =>
    decide(
      ab,
      initialState(T0),
      { kind: "start" },
      { ...ctx(T0, { onSite: true }), random: () => roll },
    ).state;

  it("holds out the configured share, who receive nothing", () => {
    expect(run(0.05)).toMatchObject({
      status: "exited",
      reason: "holdout",
      variant: "holdout",
    });
  });

  it("splits the rest between the variants by weight", () => {
    expect(run(0.3).variant).toBe("a");
    expect(run(0.9).variant).toBe("b");
  });

  it("assigns each run the same variant every time, in the configured proportions", () => {
    const variantOf = (runId: string) =>
      decide(
        ab,
        initialState(T0),
        { kind: "start" },
        { ...ctx(T0, { onSite: true }), random: seededRandom(runId) },
      ).state.variant;
    const counts = { a: 0, b: 0, holdout: 0 } as Record<string, number>;
    for (let i = 0; i < 10_000; i++) counts[variantOf(`run-${i}`)!]++;
    expect(counts.holdout / 10_000).toBeCloseTo(0.1, 1);
    expect(counts.a / 10_000).toBeCloseTo(0.45, 1);
    expect(counts.b / 10_000).toBeCloseTo(0.45, 1);
    expect(variantOf("run-42")).toBe(variantOf("run-42"));
  });
});

describe("a message with a discount", () => {
  const offer = definition({
    schemaVersion: 1,
    trigger: { type: "email_captured" },
    start: "popup",
    steps: [
      {
        id: "popup",
        type: "send",
        channels: ["popup"],
        marketing: false,
        message: {
          key: "lg3.code",
          body: { en: "Your code: {{code}}" },
          discount: { percent: 10 },
        },
        next: "email",
      },
      {
        id: "email",
        type: "send",
        channels: ["email"],
        message: {
          key: "lg3.bonus",
          body: { en: "Welcome! {{code}}" },
          discount: { percent: 10 },
        },
      },
    ],
  });

  it("leaves the code for the channel that issues it, instead of failing for a missing value", () => {
    const d = decide(
      offer,
      initialState(T0),
      { kind: "start" },
      ctx(T0, { onSite: true, values: { first_name: null } }),
    );
    expect(
      d.effects
        .filter((e) => e.type === "send")
        .map((e) => e.type === "send" && e.body),
    ).toEqual(["Your code: {{code}}", "Welcome! {{code}}"]);
    expect(d.state.status).toBe("completed");
  });

  it("starts after an on-site message the storefront already showed", () => {
    const d = decide(
      offer,
      initialState(T0),
      { kind: "start", from: "email" },
      ctx(T0, { values: { first_name: null } }),
    );
    expect(
      d.effects
        .filter((e) => e.type === "send")
        .map((e) => e.type === "send" && e.messageKey),
    ).toEqual(["lg3.bonus"]);
  });
});
