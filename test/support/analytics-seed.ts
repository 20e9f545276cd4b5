// A scenario's history as analytics reads it, written straight to the database: an A/B split with a
// 20% holdout, two emails and a popup, runs ending every way, deliveries at every status, orders
// credited by code and by click, and orders of held-out contacts (for lift). The figures the
// analytics tests expect follow from the table below (see ANALYTICS_SEED).
import type { Db, DeliveryStatus, RunStatus } from "../../app/db.server";
import type { ScenarioDefinitionInput } from "../../app/scenarios/model";
import { message } from "../../app/scenarios/templates/text";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const SPLIT_DEFINITION: ScenarioDefinitionInput = {
  schemaVersion: 1,
  trigger: { type: "email_captured" },
  goal: { events: ["order_placed"] },
  start: "split",
  steps: [
    {
      id: "split",
      type: "split",
      holdoutPercent: 20,
      variants: [
        { key: "a", weight: 50, next: "mail_a" },
        { key: "b", weight: 50, next: "mail_b" },
      ],
    },
    {
      id: "mail_a",
      type: "send",
      channels: ["email"],
      message: message(
        "seed.a",
        { en: "Welcome", ru: "Привет" },
        { title: { en: "Welcome A", ru: "Привет A" } },
      ),
      next: "popup",
    },
    {
      id: "mail_b",
      type: "send",
      channels: ["email"],
      message: message(
        "seed.b",
        { en: "Welcome", ru: "Привет" },
        { title: { en: "Welcome B", ru: "Привет B" } },
      ),
      next: "popup",
    },
    {
      id: "popup",
      type: "send",
      channels: ["popup"],
      message: message(
        "seed.popup",
        { en: "10% off", ru: "Скидка 10%" },
        { title: { en: "Your offer", ru: "Ваше предложение" } },
      ),
    },
  ],
};

interface RunSpec {
  variant: string | null;
  status: RunStatus;
  exitReason?: string;
  error?: [reason: string, stepId: string];
  /** The email's status, if one was written; then the popup's. */
  mail?: DeliveryStatus;
  popup?: DeliveryStatus;
  /** A credited order: by code, or by a click within 5 days. */
  credit?: { rule: "DISCOUNT_CODE" | "CLICK_WINDOW"; revenue: string };
  /** An order within the 5 days after entering (whether credited or not), for lift. */
  orderedDaysAfter?: number;
}

const times = <T>(n: number, spec: T): T[] =>
  Array.from({ length: n }, () => spec);
const code = (revenue: string) => ({ rule: "DISCOUNT_CODE" as const, revenue });
const click = (revenue: string) => ({ rule: "CLICK_WINDOW" as const, revenue });

/**
 * Variant a: 40 runs; b: 40; holdout: 30 (all within the last 5 days).
 * a: 10 waiting, 20 completed, 8 goal reached, 2 failed. b: 30 completed, 5 unsubscribed, 5 failed.
 * Email a: 20 sent, 10 opened, 5 clicked, 2 failed, 1 unknown. Email b: 25 sent, 6 opened, 4 clicked.
 * Popup: 11 shown, 4 clicked. Credited: a 4 by code (50.00) + 2 by click (30.50), b 2 by click (20.00).
 * Orders within 5 days: a 8 (6 credited + 2 uncredited), b 4 (2 credited + 2 not), holdout 3 (+1 after 9 days).
 */
export const ANALYTICS_SEED: RunSpec[] = [
  ...times(4, {
    variant: "a",
    status: "EXITED",
    exitReason: "goal_reached",
    mail: "CLICKED",
    popup: "CLICKED",
    credit: code("50.00"),
    orderedDaysAfter: 0,
  } as RunSpec),
  ...times(1, {
    variant: "a",
    status: "EXITED",
    exitReason: "goal_reached",
    mail: "OPENED",
    popup: "SENT",
    credit: click("30.50"),
    orderedDaysAfter: 1,
  } as RunSpec),
  ...times(1, {
    variant: "a",
    status: "EXITED",
    exitReason: "goal_reached",
    mail: "CLICKED",
    credit: click("30.50"),
    orderedDaysAfter: 1,
  } as RunSpec),
  ...times(2, {
    variant: "a",
    status: "EXITED",
    exitReason: "goal_reached",
    mail: "OPENED",
    orderedDaysAfter: 2,
  } as RunSpec),
  ...times(6, {
    variant: "a",
    status: "COMPLETED",
    mail: "SENT",
    popup: "SENT",
  } as RunSpec),
  ...times(7, { variant: "a", status: "COMPLETED", mail: "OPENED" } as RunSpec),
  ...times(7, { variant: "a", status: "COMPLETED", mail: "SENT" } as RunSpec),
  ...times(7, { variant: "a", status: "WAITING", mail: "SENT" } as RunSpec),
  ...times(1, { variant: "a", status: "WAITING", mail: "UNKNOWN" } as RunSpec),
  ...times(2, { variant: "a", status: "WAITING" } as RunSpec),
  ...times(2, {
    variant: "a",
    status: "FAILED",
    error: ["provider refused the address", "mail_a"],
    mail: "FAILED",
  } as RunSpec),
  ...times(2, {
    variant: "b",
    status: "COMPLETED",
    mail: "CLICKED",
    credit: click("20.00"),
    orderedDaysAfter: 1,
  } as RunSpec),
  ...times(2, {
    variant: "b",
    status: "COMPLETED",
    mail: "CLICKED",
    orderedDaysAfter: 3,
  } as RunSpec),
  ...times(6, { variant: "b", status: "COMPLETED", mail: "OPENED" } as RunSpec),
  ...times(20, { variant: "b", status: "COMPLETED", mail: "SENT" } as RunSpec),
  ...times(5, {
    variant: "b",
    status: "EXITED",
    exitReason: "unsubscribed",
    mail: "SENT",
  } as RunSpec),
  ...times(3, {
    variant: "b",
    status: "FAILED",
    error: ["no value and no fallback for first_name", "mail_b"],
  } as RunSpec),
  ...times(2, {
    variant: "b",
    status: "FAILED",
    error: ["provider refused the address", "mail_b"],
  } as RunSpec),
  ...times(3, {
    variant: "holdout",
    status: "EXITED",
    exitReason: "holdout",
    orderedDaysAfter: 2,
  } as RunSpec),
  ...times(1, {
    variant: "holdout",
    status: "EXITED",
    exitReason: "holdout",
    orderedDaysAfter: 9,
  } as RunSpec),
  ...times(26, {
    variant: "holdout",
    status: "EXITED",
    exitReason: "holdout",
  } as RunSpec),
];

/**
 * Writes the seed for a new scenario of the shop (paused: the experiment is over, and nothing the
 * app does meanwhile starts a run of it), with runs started over the last 5 days before
 * `now` (a run every hour, in the order above), plus a test contact's run and an old run outside
 * 30 days, both with a credited order, which no figure may count.
 */
export async function seedAnalytics(
  db: Db,
  shopId: string,
  now: Date,
  name = "Welcome split",
): Promise<string> {
  const scenario = await db.scenario.create({
    data: {
      shopId,
      group: "LEAD_GENERATION",
      name,
      status: "PAUSED",
      versions: {
        create: { version: 1, definition: SPLIT_DEFINITION as object },
      },
    },
  });
  const specs: Array<RunSpec & { startedAt: Date; isTest?: boolean }> =
    ANALYTICS_SEED.map((spec, i) => ({
      ...spec,
      startedAt: new Date(now.valueOf() - (i + 1) * HOUR),
    }));
  specs.push({
    variant: "a",
    status: "COMPLETED",
    mail: "CLICKED",
    credit: code("999.00"),
    orderedDaysAfter: 0,
    startedAt: new Date(now.valueOf() - 2 * HOUR),
    isTest: true,
  });
  specs.push({
    variant: "a",
    status: "COMPLETED",
    mail: "CLICKED",
    credit: code("999.00"),
    orderedDaysAfter: 0,
    startedAt: new Date(now.valueOf() - 40 * DAY),
  });

  const tag = scenario.id.slice(-8);
  const contacts = [],
    runs = [],
    deliveries = [],
    conversions = [],
    events = [];
  for (const [i, s] of specs.entries()) {
    const contactId = `${tag}-c${i}`,
      runId = `${tag}-r${i}`;
    contacts.push({
      id: contactId,
      shopId,
      email: `seed-${tag}-${i}@example.com`,
      tags: [],
      isTest: s.isTest ?? false,
    });
    const ended = s.status !== "ACTIVE" && s.status !== "WAITING";
    runs.push({
      id: runId,
      shopId,
      scenarioId: scenario.id,
      scenarioVersion: 1,
      contactId,
      status: s.status,
      state: {},
      variant: s.variant,
      exitReason: s.exitReason ?? null,
      errorReason: s.error?.[0] ?? null,
      errorStepId: s.error?.[1] ?? null,
      startedAt: s.startedAt,
      endedAt: ended ? new Date(s.startedAt.valueOf() + HOUR / 2) : null,
    });
    const sentAt = new Date(s.startedAt.valueOf() + 60_000);
    const delivery = (
      stepId: string,
      channel: "EMAIL" | "POPUP",
      status: DeliveryStatus,
    ) => ({
      id: `${runId}-${stepId}`,
      shopId,
      runId,
      contactId,
      stepId,
      channel,
      messageKey: `seed.${stepId}`,
      status,
      idempotencyKey: `${runId}:${stepId}`,
      message: { variant: s.variant },
      statusHistory: [{ status, at: sentAt.toISOString() }],
      createdAt: sentAt,
      sentAt: status === "FAILED" ? null : sentAt,
    });
    const mailStep = s.variant === "b" ? "mail_b" : "mail_a";
    if (s.mail) deliveries.push(delivery(mailStep, "EMAIL", s.mail));
    if (s.popup) deliveries.push(delivery("popup", "POPUP", s.popup));
    if (s.orderedDaysAfter !== undefined) {
      // The order event may lie ahead of `now` (lift looks at days after entering); a credit is never in the future.
      const placedAt = new Date(
        s.startedAt.valueOf() + s.orderedDaysAfter * DAY + HOUR / 4,
      );
      const placed = new Date(Math.min(placedAt.valueOf(), now.valueOf() - 1));
      const orderId = `${tag}-o${i}`;
      events.push({
        shopId,
        contactId,
        type: "order_placed",
        source: "webhook",
        sourceId: orderId,
        occurredAt: placedAt,
        payload: {},
      });
      if (s.credit) {
        conversions.push({
          shopId,
          contactId,
          scenarioId: scenario.id,
          runId,
          deliveryId: s.mail ? `${runId}-${mailStep}` : null,
          orderId,
          revenue: s.credit.revenue,
          currency: "USD",
          rule: s.credit.rule,
          windowDays: s.credit.rule === "CLICK_WINDOW" ? 5 : null,
          occurredAt: placed,
        });
      }
    }
  }
  await db.contact.createMany({ data: contacts });
  await db.scenarioRun.createMany({ data: runs });
  await db.delivery.createMany({ data: deliveries });
  await db.contactEvent.createMany({ data: events });
  await db.conversion.createMany({ data: conversions });
  return scenario.id;
}
