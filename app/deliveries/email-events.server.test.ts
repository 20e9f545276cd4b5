// How provider events change a shop's deliveries and suppressions, event by event: what a delivery
// report, soft bounces in a row, a complaint after a bounce and an event of another shop do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../test/support/databases";
import type { ProviderEvent } from "../channels/email/events/types";
import type { EventLog } from "../events/event-log";
import type { JobQueue } from "../jobs/types";
import { applyEmailEvents, type EmailEventDeps } from "./email-events.server";
import { liftSuppression, suppressionOf } from "./suppression.server";

let t: TestDatabase;
const enqueued: string[] = [];
const told: string[] = [];
let deps: EmailEventDeps;
const now = new Date("2026-12-03T12:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  deps = {
    db: t.db,
    queue: {
      enqueue: async (name: string) => void enqueued.push(name),
    } as unknown as JobQueue,
    events: {
      storefront: async (_shop: string, _source: string, id: string) => {
        told.push(id);
        return "stored";
      },
    } as unknown as EventLog,
    addressKey: Buffer.alloc(32, 3),
    now: () => now,
  };
});
afterAll(() => t?.drop());

let n = 0;
async function shopWithSent(count = 1) {
  const shop = await t.db.shop.create({
    data: { domain: `events-${++n}.myshopify.com`, settings: {} },
  });
  const contact = await t.db.contact.create({
    data: {
      shopId: shop.id,
      email: `Person${n}@Example.com`,
      emailConsent: "SUBSCRIBED",
      tags: [],
    },
  });
  const deliveries = [];
  for (let i = 0; i < count; i++)
    deliveries.push(
      await t.db.delivery.create({
        data: {
          shopId: shop.id,
          contactId: contact.id,
          stepId: "s",
          channel: "EMAIL",
          messageKey: `m${i}`,
          statusHistory: [],
          idempotencyKey: `${shop.id}:${i}`,
          status: "SENT",
          provider: "sendgrid",
          providerMessageId: `pm-${shop.id}-${i}`,
          sentAt: new Date(now.valueOf() - (count - i) * 86_400_000),
        },
      }),
    );
  return { shop, contact, deliveries };
}

const event = (
  deliveryId: string | null,
  over: Partial<ProviderEvent>,
): ProviderEvent => ({
  provider: "sendgrid",
  eventId: `e-${Math.random()}`,
  kind: "bounce",
  bounce: "hard",
  email: `person${n}@example.com`,
  deliveryId,
  providerMessageId: null,
  occurredAt: now,
  detail: null,
  ...over,
});

describe("provider events", () => {
  it("a delivery report marks the message delivered and the shop as reporting", async () => {
    const { shop, deliveries } = await shopWithSent();
    expect(
      await applyEmailEvents(deps, shop.id, [
        event(deliveries[0]!.id, { kind: "delivered", bounce: undefined }),
      ]),
    ).toEqual({ applied: 1, duplicate: 0, unmatched: 0 });
    expect(
      await t.db.delivery.findUniqueOrThrow({
        where: { id: deliveries[0]!.id },
      }),
    ).toMatchObject({ status: "DELIVERED", deliveredAt: now });
    expect(
      (await t.db.shop.findUniqueOrThrow({ where: { id: shop.id } }))
        .emailEventsSince,
    ).toEqual(now);
  });

  it("binds an event without our delivery id by the provider's message id", async () => {
    const { shop, deliveries } = await shopWithSent();
    await applyEmailEvents(deps, shop.id, [
      event(null, { providerMessageId: deliveries[0]!.providerMessageId }),
    ]);
    expect(
      (await suppressionOf(t.db, shop.id, `person${n}@example.com`))?.reason,
    ).toBe("HARD_BOUNCE");
  });

  it("ignores an event naming another shop's delivery", async () => {
    const mine = await shopWithSent();
    const theirs = await shopWithSent();
    expect(
      await applyEmailEvents(deps, mine.shop.id, [
        event(theirs.deliveries[0]!.id, {}),
      ]),
    ).toEqual({ applied: 0, duplicate: 0, unmatched: 1 });
    expect(
      await suppressionOf(t.db, theirs.shop.id, theirs.contact.email!),
    ).toBeNull();
  });

  it("suppresses after soft bounces on three messages in a row, not before", async () => {
    const { shop, contact, deliveries } = await shopWithSent(3);
    const soft = (i: number) =>
      event(deliveries[i]!.id, { bounce: "soft", detail: "mailbox full" });
    await applyEmailEvents(deps, shop.id, [soft(0), soft(1)]);
    expect(await suppressionOf(t.db, shop.id, contact.email!)).toBeNull();
    await applyEmailEvents(deps, shop.id, [soft(2)]);
    expect(await suppressionOf(t.db, shop.id, contact.email!)).toMatchObject({
      reason: "SOFT_BOUNCES",
      detail: "mailbox full",
    });
  });

  it("keeps a hard bounce hard when the provider's temporary failures of the same message come after it", async () => {
    const { shop, deliveries } = await shopWithSent();
    const id = deliveries[0]!.id;
    await applyEmailEvents(deps, shop.id, [
      event(id, {}),
      event(id, { bounce: "soft" }),
    ]);
    expect(
      (await t.db.delivery.findUniqueOrThrow({ where: { id } })).bounceKind,
    ).toBe("hard");
  });

  it("does not suppress soft bounces with a delivered message between", async () => {
    const { shop, contact, deliveries } = await shopWithSent(3);
    await applyEmailEvents(deps, shop.id, [
      event(deliveries[0]!.id, { bounce: "soft" }),
      event(deliveries[1]!.id, { kind: "delivered", bounce: undefined }),
      event(deliveries[2]!.id, { bounce: "soft" }),
    ]);
    expect(await suppressionOf(t.db, shop.id, contact.email!)).toBeNull();
  });

  it("a complaint outranks a bounce, unsubscribes the contact and cannot be lifted; a bounce can", async () => {
    const { shop, contact, deliveries } = await shopWithSent(2);
    await applyEmailEvents(deps, shop.id, [event(deliveries[0]!.id, {})]);
    const bounce = await t.db.emailSuppression.findFirstOrThrow({
      where: { shopId: shop.id },
    });
    const complaint = event(deliveries[1]!.id, {
      kind: "complaint",
      bounce: undefined,
    });
    await applyEmailEvents(deps, shop.id, [complaint]);
    expect(await suppressionOf(t.db, shop.id, contact.email!)).toMatchObject({
      reason: "COMPLAINT",
    });
    expect(
      (await t.db.contact.findUniqueOrThrow({ where: { id: contact.id } }))
        .emailConsent,
    ).toBe("UNSUBSCRIBED");
    expect(told).toContain(`complaint:sendgrid:${complaint.eventId}`);
    expect(await liftSuppression(t.db, shop.id, bounce.id)).toBe(false);
    expect(await suppressionOf(t.db, shop.id, contact.email!)).not.toBeNull();
    // The opt-out outlives the suppression (and the customer's erasure).
    expect(await t.db.emailOptOut.count({ where: { shopId: shop.id } })).toBe(
      1,
    );
  });

  it("lifts a bounce the merchant fixed", async () => {
    const { shop, contact, deliveries } = await shopWithSent();
    await applyEmailEvents(deps, shop.id, [event(deliveries[0]!.id, {})]);
    const row = await t.db.emailSuppression.findFirstOrThrow({
      where: { shopId: shop.id },
    });
    expect(await liftSuppression(t.db, shop.id, row.id)).toBe(true);
    expect(await suppressionOf(t.db, shop.id, contact.email!)).toBeNull();
  });
});
