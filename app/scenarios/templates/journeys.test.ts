// One journey per template: a contact walks the map's path with a fake clock, and every effect is
// checked, including the exits.
import { describe, expect, it } from "vitest";
import {
  parseScenarioDefinition,
  type ScenarioDefinition,
  type TriggerEvent,
} from "../model";
import {
  decide,
  initialState,
  type ContactSnapshot,
  type Effect,
  type RunState,
} from "../engine";
import { resolveParameters, templateByKey } from "./index";
import { testContact } from "../engine/contact-fixture";

const T0 = new Date("2026-11-23T12:00:00Z"); // 13:00 in Berlin, a Monday

function definitionOf(
  key: string,
  params: Record<string, number> = {},
): ScenarioDefinition {
  const template = templateByKey(key)!;
  const parsed = parseScenarioDefinition(
    template.build(resolveParameters(template, params)),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
}

const baseContact = testContact({
  onSite: true,
  visitCount: 2,
  values: { first_name: "Ann", code: "BACK10", order_name: "#1001" },
});

function summarize(effect: Effect, start: Date): string {
  switch (effect.type) {
    case "send":
      return `send ${effect.channel} ${effect.messageKey}`;
    case "schedule":
      return `wait ${effect.stepId} until +${humanize(effect.at.valueOf() - start.valueOf())}`;
    case "skip":
      return `skip ${effect.stepId}: ${effect.reason}`;
    case "exit":
      return `exit ${effect.reason}`;
    case "complete":
      return "complete";
    case "fail":
      return `fail ${effect.stepId}: ${effect.reason}`;
  }
}

function humanize(ms: number): string {
  let s = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    if (s >= size) parts.push(`${Math.floor(s / size)}${unit}`);
    s %= size;
  }
  return parts.join("") || "0s";
}

/** Drives one run: start, then "due" at each scheduled time or events, collecting summaries. */
function journey(key: string, contact: Partial<ContactSnapshot> = {}) {
  const definition = definitionOf(key);
  let state: RunState = initialState(T0);
  let now = T0;
  let facts = { ...baseContact, ...contact };
  const log: string[] = [];
  const run = (input: Parameters<typeof decide>[2]) => {
    const d = decide(definition, state, input, {
      now,
      contact: facts,
      shop: { dailyCap: 2, quietHours: { start: 21, end: 9 }, timeZone: "UTC" },
      language: "en",
      random: () => 0.5,
    });
    state = d.state;
    for (const e of d.effects) {
      log.push(summarize(e, T0));
      if (e.type === "send" && e.marketing)
        facts = { ...facts, marketingSentAt: [...facts.marketingSentAt, now] };
    }
  };
  run({ kind: "start" });
  const api = {
    log,
    get state() {
      return state;
    },
    due(change: Partial<ContactSnapshot> = {}) {
      facts = { ...facts, ...change };
      now = new Date(state.dueAt!);
      run({ kind: "due" });
      return api;
    },
    event(
      event: TriggerEvent,
      afterMs: number,
      change: Partial<ContactSnapshot> = {},
    ) {
      facts = { ...facts, ...change };
      now = new Date(now.valueOf() + afterMs);
      run({
        kind: "event",
        eventId: `${event}-${now.valueOf()}`,
        event,
        at: now,
      });
      return api;
    },
  };
  return api;
}

const MIN = 60_000;
const DAY = 86_400_000;

describe("lead generation journeys", () => {
  it("LG1 greets in chat after 30 s", () => {
    expect(journey("LG1").due().log).toEqual([
      "wait delay until +30s",
      "send chat lg1.greeting",
      "complete",
    ]);
  });

  it("LG2 shows the promo popup on exit, then emails the bonus once the email is left", () => {
    const j = journey("LG2", { email: null });
    j.event("email_captured", 2 * MIN, { email: "new@example.com" });
    expect(j.log).toEqual([
      "send popup lg2.popup",
      "wait captured until +30m",
      "send email lg2.bonus",
      "complete",
    ]);
  });

  it("LG3 shows the bonus popup after 10 s, then the code at once and by email", () => {
    const j = journey("LG3", { email: null }).due();
    j.event("email_captured", MIN, { email: "new@example.com" });
    expect(j.log).toEqual([
      "wait delay until +10s",
      "send popup lg3.popup",
      "wait captured until +30m10s",
      "send popup lg3.code",
      "send email lg3.bonus",
      "complete",
    ]);
  });

  it("LG4 offers the digest to a blog reader; a reader who skips it is offered push", () => {
    const signed = journey("LG4", { email: null }).due();
    signed.event("email_captured", MIN, { email: "r@example.com" });
    expect(signed.log.slice(-2)).toEqual([
      "send email lg4.articles",
      "complete",
    ]);
    const skipped = journey("LG4", { email: null }).due().due();
    expect(skipped.log.slice(-2)).toEqual(["send popup lg4.push", "complete"]);
  });

  it("LG4-push announces a new article to push subscribers only", () => {
    expect(
      journey("LG4-push", {
        pushSubscribed: true,
        values: { article_title: "Care guide" },
      }).log,
    ).toEqual(["send web_push lg4.article", "complete"]);
  });

  it("LG5 asks the question, then sends a selection", () => {
    const j = journey("LG5", { email: null }).due();
    j.event("email_captured", MIN, { email: "q@example.com" });
    expect(j.log).toEqual([
      "wait delay until +20s",
      "send popup lg5.quiz",
      "wait captured until +30m20s",
      "send email lg5.selection",
      "complete",
    ]);
  });
});

describe("sales journeys", () => {
  it("SA1 shows a returning visitor their viewed products, then push opt-in", () => {
    expect(journey("SA1").due().log).toEqual([
      "wait delay until +15s",
      "send popup sa1.viewed",
      "send popup sa1.push",
      "complete",
    ]);
  });

  it("SA2 shows progress to the discount threshold after a minute", () => {
    expect(journey("SA2").due().log).toEqual([
      "wait delay until +1m",
      "send popup sa2.progress",
      "complete",
    ]);
  });

  it("SA3 shows the cart on site, emails it, and reminds with a code after 3 days", () => {
    const j = journey("SA3").due();
    j.due({ onSite: false }).due().due();
    expect(j.log).toEqual([
      "wait delay until +1m",
      "send popup sa3.onsite",
      "wait email-delay until +1h1m",
      "send email sa3.email",
      "wait reminder-wait until +3d1h1m",
      "send email sa3.reminder",
      "complete",
    ]);
  });

  it("SA3 sends no reminder after an order on day 2", () => {
    const j = journey("SA3").due();
    j.due({ onSite: false });
    j.event("order_placed", 2 * DAY, {
      lastOrderAt: new Date(T0.valueOf() + 2 * DAY),
    });
    expect(j.log.slice(-1)).toEqual(["exit goal_reached"]);
    expect(j.state.status).toBe("exited");
  });

  it("SA4 offers help with a stalled checkout, and saving the cart to an unknown email", () => {
    expect(journey("SA4", { email: null }).due().log).toEqual([
      "wait delay until +1m",
      "send chat sa4.help",
      "send popup sa4.save",
      "complete",
    ]);
    expect(journey("SA4").due().log).toEqual([
      "wait delay until +1m",
      "send chat sa4.help",
      "complete",
    ]);
  });

  it("SA5 sends viewed products by email, and again 3 days later", () => {
    const j = journey("SA5", { email: null, cartTotal: null }).due();
    j.event("email_captured", MIN, {
      email: "v@example.com",
      onSite: false,
    }).due();
    expect(j.log).toEqual([
      "wait delay until +30s",
      "send popup sa5.offer",
      "wait captured until +30m30s",
      "send email sa5.viewed",
      "wait repeat-wait until +3d1m30s",
      "send email sa5.again",
      "complete",
    ]);
  });
});

describe("retention journeys", () => {
  it("RE1 thanks on site, then emails what happens next to a subscribed buyer; no order confirmation (Shopify sends it)", () => {
    expect(journey("RE1").log).toEqual([
      "send popup re1.thanks",
      "send email re1.whats-next",
      "complete",
    ]);
    expect(journey("RE1", { emailConsent: false }).log).toEqual([
      "send popup re1.thanks",
      "skip whats-next: no channel can reach the contact (email)",
      "complete",
    ]);
    const copy = JSON.stringify(definitionOf("RE1"));
    expect(copy).not.toMatch(/confirm|подтвер/i);
  });

  it("RE2 shows popular products, then a next-order bonus a day later", () => {
    const j = journey("RE2").due();
    j.due({ onSite: false });
    expect(j.log).toEqual([
      "wait delay until +30s",
      "send popup re2.popular",
      "wait bonus-wait until +1d30s",
      "send email re2.bonus",
      "complete",
    ]);
  });

  it("RE3 offers order-status push to a returning customer", () => {
    expect(journey("RE3").due().log).toEqual([
      "wait delay until +1m",
      "send popup re3.optin",
      "complete",
    ]);
  });

  it("RE3-shipped, -out-for-delivery and -delivered push each status to a subscribed buyer, at night and over the budget, every order", () => {
    const night = new Date("2026-11-23T23:30:00Z");
    for (const [key, messageKey] of [
      ["RE3-shipped", "re3.shipped"],
      ["RE3-out-for-delivery", "re3.out-for-delivery"],
      ["RE3-delivered", "re3.delivered"],
    ]) {
      const d = decide(
        definitionOf(key),
        initialState(night),
        { kind: "start" },
        {
          now: night,
          contact: {
            ...baseContact,
            pushSubscribed: true,
            emailConsent: false,
            // A daily budget spent, and the same status already told for an earlier order.
            marketingSentAt: [night, night, night],
            receivedMessageKeys: [messageKey],
            values: {
              first_name: "Ann",
              tracking_url: "https://track.example/1Z",
            },
          },
          shop: {
            dailyCap: 2,
            quietHours: { start: 21, end: 9 },
            timeZone: "UTC",
          },
          language: "en",
          random: () => 0.5,
        },
      );
      expect(d.effects.map((e) => e.type)).toEqual(["send", "complete"]);
      expect(d.effects[0]).toMatchObject({
        channel: "web_push",
        messageKey,
        marketing: false,
      });
    }
  });

  it("RE3-shipped's button tracks the parcel, or opens the account without a tracking link", () => {
    const ctaOf = (values: Record<string, string | null>) => {
      const d = decide(
        definitionOf("RE3-shipped"),
        initialState(T0),
        { kind: "start" },
        {
          now: T0,
          contact: { ...baseContact, pushSubscribed: true, values },
          shop: {
            dailyCap: 2,
            quietHours: { start: 21, end: 9 },
            timeZone: "UTC",
          },
          language: "ru",
          random: () => 0.5,
        },
      );
      return d.effects[0]?.type === "send" ? d.effects[0].cta : null;
    };
    expect(ctaOf({ tracking_url: "https://track.example/1Z" })).toEqual({
      label: "Отследить посылку",
      url: "https://track.example/1Z",
    });
    expect(ctaOf({ tracking_url: null })?.url).toBe("/account");
  });

  it("RE3-shipped skips a buyer who allowed no notifications (Shopify emails them), unless the shop turns email on", () => {
    expect(journey("RE3-shipped").log).toEqual([
      "skip notify: no channel can reach the contact (web_push)",
      "complete",
    ]);
    const withEmail = definitionOf("RE3-shipped", { email: 1 });
    const d = decide(
      withEmail,
      initialState(T0),
      { kind: "start" },
      {
        now: T0,
        contact: { ...baseContact, emailConsent: false },
        shop: {
          dailyCap: 2,
          quietHours: { start: 21, end: 9 },
          timeZone: "UTC",
        },
        language: "en",
        random: () => 0.5,
      },
    );
    expect(d.effects[0]).toMatchObject({
      type: "send",
      channel: "email",
      marketing: false,
    });
  });

  it("RE4 asks for a review 3 days after the order is delivered, linking the product", () => {
    const j = journey("RE4", { onSite: false });
    j.event("order_delivered", 2 * DAY).due();
    expect(j.log).toEqual([
      "wait arrival until +10d",
      "wait try-it until +5d",
      "send email re4.review",
      "complete",
    ]);
  });

  it("RE4 asks 10 days after shipping when the carrier never reports delivery", () => {
    expect(journey("RE4", { onSite: false }).due().log).toEqual([
      "wait arrival until +10d",
      "send email re4.review",
      "complete",
    ]);
  });
});

describe("win-back journeys", () => {
  it("WB1 pushes a promotion, then emails bonuses after 7 days and a personal offer 3 days later", () => {
    const j = journey("WB1", { onSite: false, pushSubscribed: true })
      .due()
      .due();
    expect(j.log).toEqual([
      "send web_push wb1.promo",
      "wait second-wait until +7d",
      "send email wb1.bonuses",
      "wait offer-wait until +10d",
      "send email wb1.offer",
      "complete",
    ]);
  });

  it("WB1 stops when the customer comes back", () => {
    const j = journey("WB1", { onSite: false }).event("site_visit", DAY);
    expect(j.log).toEqual([
      "send email wb1.promo",
      "wait second-wait until +7d",
      "exit goal_reached",
    ]);
  });

  it("WB2 asks a silent customer for feedback", () => {
    expect(journey("WB2", { onSite: false }).log).toEqual([
      "send email wb2.feedback",
      "complete",
    ]);
  });
});
