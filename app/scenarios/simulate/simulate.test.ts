import { describe, expect, it } from "vitest";
import type { Derived } from "../../events/engine-inputs";
import type { NormalizedEvent } from "../../events/normalize";
import { seededRandom } from "../engine";
import {
  parseScenarioDefinition,
  type ScenarioDefinition,
  type ScenarioDefinitionInput,
} from "../model";
import { resolveParameters, templateByKey } from "../templates";
import {
  createSimulation,
  type HistoryContact,
  type HistoryEvent,
  type SimulationSetup,
} from "./index";

const END = new Date("2026-03-31T12:00:00Z");
const DAY = 86_400_000;
const MINUTE = 60_000;
const at = (daysBeforeEnd: number, minutes = 0) =>
  new Date(END.valueOf() - daysBeforeEnd * DAY + minutes * MINUTE);

const parsed = (input: ScenarioDefinitionInput): ScenarioDefinition => {
  const result = parseScenarioDefinition(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.definition;
};
const template = (key: string) =>
  parsed(templateByKey(key)!.build(resolveParameters(templateByKey(key)!)));

const setup = (
  definition: ScenarioDefinition,
  over: Partial<SimulationSetup["shop"]> = {},
): SimulationSetup => ({
  definition,
  scenarioKey: "scenario-1",
  window: { start: at(30), end: END },
  shop: {
    dailyCap: 2,
    quietHours: { start: 0, end: 0 },
    timeZone: "UTC",
    name: "Demo",
    languages: ["en"],
    testContacts: [],
    ...over,
  },
});

const derived = (over: Partial<Derived> = {}): Derived => ({
  contactId: "x",
  newVisit: false,
  emailCaptured: false,
  unsubscribed: false,
  superseded: false,
  ...over,
});
let serial = 0;
function event(
  when: Date,
  type: NormalizedEvent["type"],
  source: string,
  extra: Partial<NormalizedEvent> = {},
  learned: Partial<Derived> | null = {},
): HistoryEvent {
  const payload: HistoryEvent["payload"] = {
    type,
    occurredAt: when.toISOString(),
    identity: {},
    ...extra,
    ...(learned ? { derived: derived(learned) } : {}),
  };
  return { id: `e${++serial}`, at: when, source, payload };
}
const addToCart = (
  when: Date,
  learned: Partial<Derived> = { newVisit: true },
) => event(when, "added_to_cart", "pixel", {}, learned);
const order = (when: Date) =>
  event(when, "order_placed", "webhook", {
    order: {
      id: "o1",
      name: "#1",
      totalPrice: "40.00",
      currency: "EUR",
      createdAt: when.toISOString(),
    },
  });

function contact(
  id: string,
  over: Partial<HistoryContact> = {},
): HistoryContact {
  return {
    id,
    email: `${id}@example.com`,
    emailConsent: "SUBSCRIBED",
    consentUpdatedAt: at(60),
    firstName: null,
    lastName: null,
    locale: null,
    timezone: null,
    isTest: false,
    visitCount: 1,
    lastSeenAt: null,
    lastOrderAt: null,
    tags: [],
    pushSubscribedAt: [],
    received: [],
    events: [],
    ...over,
  };
}

function simulate(
  definition: ScenarioDefinition,
  contacts: HistoryContact[],
  shop: Partial<SimulationSetup["shop"]> = {},
) {
  const simulation = createSimulation(setup(definition, shop));
  for (const c of contacts) simulation.add(c);
  return simulation.result();
}

describe("the pre-launch simulation of SA3 (abandoned cart)", () => {
  const sa3 = template("SA3");
  const ann = contact("ann", {
    firstName: "Ann",
    events: [addToCart(at(10)), order(at(10, 30))],
  });
  const bo = contact("bo", {
    email: null,
    emailConsent: "UNKNOWN",
    events: [addToCart(at(10))],
  });
  const cy = contact("cy", { events: [addToCart(at(10))] });
  const dee = contact("dee", { firstName: "Dee", events: [addToCart(at(1))] });
  const { report, entrants, recipients } = simulate(sa3, [ann, bo, cy, dee]);

  it("exits on the goal for a contact who orders within the hour, before any email", () => {
    expect(report.entered).toBe(4);
    expect(entrants).toEqual(["ann", "bo", "cy", "dee"]);
    expect(report.outcomes.goal).toBe(1);
    expect(report.steps["cart-onsite"].sent).toEqual({ popup: 4 });
    expect(report.steps["email-delay"].reached).toBe(3);
  });

  it("never takes a contact with no email to the email step", () => {
    expect(report.steps["email-check"].reached).toBe(4);
    expect(report.steps["cart-email"]).toMatchObject({
      reached: 2,
      sent: { email: 2 },
    });
    expect(report.outcomes.completed).toBe(2);
  });

  it("sends the reminder after 3 days when the window allows, and counts the rest as still waiting", () => {
    expect(report.steps["reminder-wait"]).toMatchObject({
      reached: 2,
      waiting: 1,
    });
    expect(report.steps.reminder).toMatchObject({
      reached: 1,
      sent: { email: 1 },
    });
    expect(report.outcomes.waiting).toBe(1);
    expect(recipients).toEqual(["ann", "bo", "cy", "dee"]);
  });

  it("counts the messages that would greet with the first name's fallback", () => {
    expect(report.placeholders).toEqual({
      first_name: { fallback: 1, missing: 0 },
    });
    expect(report.contacts).toBe(4);
    expect(report.events).toBe(5);
  });

  it("takes push when the contact had subscribed by then, email otherwise", () => {
    const pushed = contact("pam", {
      pushSubscribedAt: [at(9)],
      events: [addToCart(at(10))],
    });
    const result = simulate(sa3, [pushed]).report;
    expect(result.steps.reminder.sent).toEqual({ web_push: 1 });
  });

  it("sends no marketing email before the contact's consent, given later in the window", () => {
    const consent = event(at(3), "consent_updated", "webhook", {
      profile: { consent: { state: "SUBSCRIBED", at: at(3).toISOString() } },
    });
    const una = contact("una", {
      consentUpdatedAt: at(3),
      events: [addToCart(at(10)), consent],
    });
    const result = simulate(sa3, [una]).report;
    expect(result.steps["cart-email"]).toMatchObject({
      reached: 1,
      noChannel: 1,
      sent: {},
    });
    expect(result.steps.reminder).toMatchObject({ reached: 1, noChannel: 1 });
  });

  it("learns the email when the window's events bring it, not before", () => {
    const late = contact("lee", {
      events: [
        addToCart(at(10)),
        event(
          at(5),
          "email_captured",
          "storefront",
          { identity: { email: "lee@example.com" } },
          { emailCaptured: true },
        ),
        addToCart(at(2)),
      ],
    });
    const result = simulate(sa3, [late]).report;
    expect(result.entries).toBe(2);
    expect(result.steps["cart-email"].sent).toEqual({ email: 1 });
  });
});

describe("who the simulation leaves out, and why", () => {
  const sa3 = template("SA3");

  it("counts contacts outside test mode, and lets the shop's test contacts in", () => {
    const result = simulate(
      { ...sa3, testMode: true },
      [
        contact("ann", { events: [addToCart(at(3))] }),
        contact("tess", { events: [addToCart(at(3))] }),
      ],
      { testContacts: ["tess@example.com"] },
    );
    expect(result.report.skipped.test_mode).toBe(1);
    expect(result.entrants).toEqual(["tess"]);
  });

  it("keeps the rollout's seeded share, the same contacts the runner's admit would take", () => {
    const people = Array.from({ length: 20 }, (_, i) =>
      contact(`c${i}`, { events: [addToCart(at(3))] }),
    );
    const result = simulate({ ...sa3, rolloutPercent: 30 }, people);
    const inside = people
      .filter((p) => seededRandom(`scenario-1:${p.id}`)() * 100 < 30)
      .map((p) => p.id);
    expect(result.entrants).toEqual(inside);
    expect(result.report.skipped.rollout).toBe(20 - inside.length);
  });

  it("skips a trigger again within the cooldown, or while the contact is still in the scenario", () => {
    const noEmail = contact("bo", {
      email: null,
      events: [addToCart(at(10)), addToCart(at(10, 120), {})],
    });
    const busy = contact("cy", {
      events: [addToCart(at(10)), addToCart(at(10, 5), {})],
    });
    const result = simulate(sa3, [noEmail, busy]).report;
    expect(result.skipped).toMatchObject({ cooldown: 1, already_in: 1 });
    expect(result.entries).toBe(2);
  });

  it("counts entry conditions that keep a contact out", () => {
    const welcome = template("LG3");
    const known = contact("ann", {
      events: [event(at(2), "page_viewed", "pixel", {}, { newVisit: true })],
    });
    const result = simulate(welcome, [known]).report;
    expect(result.skipped.entry_conditions).toBe(1);
    expect(result.entered).toBe(0);
  });

  it("leaves out events not yet processed, and says so", () => {
    const result = simulate(sa3, [
      contact("ann", {
        events: [event(at(2), "added_to_cart", "pixel", {}, null)],
      }),
    ]).report;
    expect(result).toMatchObject({ unprocessedEvents: 1, entered: 0 });
  });

  it("says a trigger decided in the browser cannot be counted from stored events", () => {
    const result = simulate(template("SA5"), [
      contact("ann", { events: [addToCart(at(2))] }),
    ]).report;
    expect(result).toMatchObject({
      triggerRecorded: false,
      entered: 0,
      contacts: 1,
    });
  });
});

describe("personalization in the simulation", () => {
  it("counts a message the engine would refuse for a missing value with no fallback", () => {
    const definition = parsed({
      schemaVersion: 1,
      trigger: { type: "order_placed" },
      start: "thanks",
      steps: [
        {
          id: "thanks",
          type: "send",
          channels: ["email"],
          message: {
            key: "t.thanks",
            body: { en: "Thank you, {{first_name}} {{last_name}}" },
            fallbacks: { first_name: "friend" },
          },
        },
      ],
    });
    const result = simulate(definition, [
      contact("ann", { firstName: "Ann", events: [order(at(2))] }),
      contact("bo", { lastName: "Bell", events: [order(at(2))] }),
    ]).report;
    expect(result.placeholders).toEqual({
      last_name: { fallback: 0, missing: 1 },
      first_name: { fallback: 1, missing: 0 },
    });
    expect(result.steps.thanks).toMatchObject({
      reached: 2,
      failed: 1,
      sent: { email: 1 },
    });
    expect(result.outcomes).toMatchObject({ failed: 1, completed: 1 });
  });

  it("follows a wait for an event the way each contact went: the event, or the timeout", () => {
    const definition = parsed({
      schemaVersion: 1,
      trigger: { type: "added_to_cart" },
      start: "ask",
      steps: [
        {
          id: "ask",
          type: "wait_until",
          event: "email_captured",
          timeout: { amount: 1, unit: "days" },
          onEvent: "thanks",
          onTimeout: "nudge",
        },
        {
          id: "thanks",
          type: "send",
          channels: ["email"],
          message: { key: "t.thanks", body: { en: "Thanks" } },
        },
        {
          id: "nudge",
          type: "send",
          channels: ["email"],
          message: { key: "t.nudge", body: { en: "Still there?" } },
        },
      ],
    });
    const captured = event(
      at(5, 30),
      "email_captured",
      "storefront",
      { identity: { email: "ann@example.com" } },
      { emailCaptured: true },
    );
    const result = simulate(definition, [
      contact("ann", { events: [addToCart(at(5)), captured] }),
      contact("bo", { events: [addToCart(at(5))] }),
    ]).report;
    expect(result.steps.ask.reached).toBe(2);
    expect(result.steps.thanks).toMatchObject({
      reached: 1,
      sent: { email: 1 },
    });
    expect(result.steps.nudge).toMatchObject({
      reached: 1,
      sent: { email: 1 },
    });
  });

  it("replays shipments: RE4 asks after delivery, or after the fallback when the carrier never tells", () => {
    const shipment = (when: Date, type: "order_shipped" | "order_delivered") =>
      event(when, type, "webhook", {
        fulfillment: {
          id: "f1",
          orderId: "o1",
          name: "#1.1",
          status: "success",
          shipmentStatus: type === "order_delivered" ? "delivered" : null,
          trackingUrl: "https://track.example/1",
          productIds: ["1"],
        },
      });
    const result = simulate(template("RE4"), [
      contact("ann", {
        events: [
          shipment(at(20), "order_shipped"),
          shipment(at(18), "order_delivered"),
        ],
      }),
      contact("bo", { events: [shipment(at(20), "order_shipped")] }),
    ]).report;
    expect(result.steps.arrival.reached).toBe(2);
    expect(result.steps["try-it"].reached).toBe(1);
    expect(result.steps.review).toMatchObject({
      reached: 2,
      sent: { email: 2 },
    });
  });

  it("pushes an order's shipment with its tracking page to a subscribed contact", () => {
    const shipped = event(at(3), "order_shipped", "webhook", {
      fulfillment: {
        id: "f2",
        orderId: "o2",
        name: "#2.1",
        status: "success",
        shipmentStatus: null,
        trackingUrl: "https://track.example/2",
        productIds: [],
      },
    });
    const result = simulate(template("RE3-shipped"), [
      contact("cy", { pushSubscribedAt: [at(10)], events: [shipped] }),
      contact("dee", { events: [{ ...shipped, id: "e-dee" }] }),
    ]).report;
    expect(result.steps.notify).toMatchObject({
      reached: 2,
      sent: { web_push: 1 },
    });
  });

  it("counts holdouts and A/B variants", () => {
    const definition = parsed({
      schemaVersion: 1,
      trigger: { type: "order_placed" },
      start: "ab",
      steps: [
        {
          id: "ab",
          type: "split",
          holdoutPercent: 20,
          variants: [
            { key: "a", weight: 50, next: "a" },
            { key: "b", weight: 50, next: "b" },
          ],
        },
        {
          id: "a",
          type: "send",
          channels: ["email"],
          message: { key: "t.a", body: { en: "A" } },
        },
        {
          id: "b",
          type: "send",
          channels: ["email"],
          message: { key: "t.b", body: { en: "B" } },
        },
      ],
    });
    const people = Array.from({ length: 30 }, (_, i) =>
      contact(`c${i}`, { events: [order(at(2))] }),
    );
    const result = simulate(definition, people).report;
    const { a = 0, b = 0 } = result.variants;
    expect(a + b + result.outcomes.holdout).toBe(30);
    expect(result.outcomes.holdout).toBeGreaterThan(0);
    expect(result.steps.a.sent.email).toBe(a);
    expect(result.steps.b.reached).toBe(b);
    expect(result.steps.ab.reached).toBe(30);
  });
});
