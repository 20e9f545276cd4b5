// A shop's stored history as event processing leaves it (contacts, processed events with their
// findings), for the pre-launch simulator's tests: four shoppers who added to cart, in the last
// 30 days, and one from before them.
import type { Db, Prisma } from "../../app/db.server";
import type { Derived } from "../../app/events/engine-inputs";
import type { NormalizedEvent } from "../../app/events/normalize";

const DAY = 86_400_000;
const MINUTE = 60_000;

interface Person {
  key: string;
  email?: string;
  firstName?: string;
  consent?: "SUBSCRIBED" | "UNKNOWN";
}

export interface SeededHistory {
  contacts: Record<string, string>;
  events: number;
}

/**
 * SA3 (abandoned cart) over this history, the window ending at `now`: ann orders within the hour
 * (goal), bo has no email (never reaches the email step), cy gets the email (with the name's
 * fallback) and the reminder three days later, dee added to cart yesterday (still waiting for the
 * reminder); old's cart is older than the window.
 */
export async function seedCartHistory(
  db: Db,
  shopId: string,
  now: Date,
): Promise<SeededHistory> {
  const ago = (days: number, minutes = 0) =>
    new Date(now.valueOf() - days * DAY + minutes * MINUTE);
  const contacts: Record<string, string> = {};
  let events = 0;
  const person = async (p: Person, lastSeenAt: Date, lastOrderAt?: Date) => {
    const row = await db.contact.create({
      data: {
        shopId,
        email: p.email ?? null,
        firstName: p.firstName ?? null,
        emailConsent: p.consent ?? "UNKNOWN",
        tags: [],
        visitCount: 1,
        firstVisitAt: lastSeenAt,
        lastVisitAt: lastSeenAt,
        lastSeenAt,
        lastOrderAt: lastOrderAt ?? null,
        orderCount: lastOrderAt ? 1 : 0,
      },
    });
    contacts[p.key] = row.id;
    return row.id;
  };
  const event = async (
    contactId: string,
    at: Date,
    type: NormalizedEvent["type"],
    source: string,
    extra: Partial<NormalizedEvent>,
    learned: Partial<Derived>,
  ) => {
    const derived: Derived = {
      contactId,
      newVisit: false,
      emailCaptured: false,
      unsubscribed: false,
      superseded: false,
      ...learned,
    };
    const payload: NormalizedEvent & { derived: Derived } = {
      type,
      occurredAt: at.toISOString(),
      identity: {},
      ...extra,
      derived,
    };
    events++;
    await db.contactEvent.create({
      data: {
        shopId,
        contactId,
        type,
        source,
        sourceId: `seed-${events}`,
        occurredAt: at,
        processedAt: at,
        payload: payload as unknown as Prisma.InputJsonValue,
      },
    });
  };
  const addToCart = (contactId: string, at: Date) =>
    event(
      contactId,
      at,
      "added_to_cart",
      "pixel",
      { identity: { visitorId: `v-${contactId}` } },
      { newVisit: true },
    );

  const annOrder = ago(10, 30);
  const ann = await person(
    {
      key: "ann",
      email: "ann@example.com",
      firstName: "Ann",
      consent: "SUBSCRIBED",
    },
    ago(10),
    annOrder,
  );
  await addToCart(ann, ago(10));
  await event(
    ann,
    annOrder,
    "order_placed",
    "webhook",
    {
      identity: { email: "ann@example.com" },
      order: {
        id: "9001",
        name: "#9001",
        totalPrice: "40.00",
        currency: "EUR",
        createdAt: annOrder.toISOString(),
      },
    },
    {},
  );
  await addToCart(await person({ key: "bo" }, ago(10)), ago(10));
  await addToCart(
    await person(
      { key: "cy", email: "cy@example.com", consent: "SUBSCRIBED" },
      ago(10),
    ),
    ago(10),
  );
  await addToCart(
    await person(
      {
        key: "dee",
        email: "dee@example.com",
        firstName: "Dee",
        consent: "SUBSCRIBED",
      },
      ago(1),
    ),
    ago(1),
  );
  const old = await person(
    { key: "old", email: "old@example.com", consent: "SUBSCRIBED" },
    ago(40),
  );
  await addToCart(old, ago(40));
  return { contacts, events };
}

/** Another active scenario whose stored run took `contactId` in the window, with one message. */
export async function seedOtherScenarioRun(
  db: Db,
  shopId: string,
  contactId: string,
  at: Date,
): Promise<string> {
  const scenario = await db.scenario.create({
    data: {
      shopId,
      templateKey: "RE1",
      group: "RETENTION",
      name: "Thank you",
      status: "ACTIVE",
      versions: { create: { version: 1, definition: {} } },
    },
  });
  const run = await db.scenarioRun.create({
    data: {
      shopId,
      scenarioId: scenario.id,
      scenarioVersion: 1,
      contactId,
      status: "COMPLETED",
      state: {},
      startedAt: at,
      endedAt: at,
    },
  });
  await db.delivery.create({
    data: {
      shopId,
      runId: run.id,
      contactId,
      stepId: "thanks",
      channel: "EMAIL",
      messageKey: "re1.thanks",
      status: "SENT",
      sentAt: at,
      createdAt: at,
      statusHistory: [{ status: "SENT", at: at.toISOString() }],
      idempotencyKey: `${run.id}:thanks`,
    },
  });
  return scenario.id;
}
