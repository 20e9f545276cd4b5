// A shop with a large history for erasure and pruning tests: a few contacts with what hangs off
// them (visitors, push subscriptions, runs, deliveries, carts, codes, chat, conversions, exports)
// through Prisma, then `events` events copied from one template row by one raw INSERT (seconds,
// where Prisma's createMany would take minutes). The SQL is the same on SQLite and PostgreSQL.
import type { Db } from "../../app/db.server";

export interface BigShop {
  id: string;
  domain: string;
  /** Texts that only this shop's rows hold: none may be left after its erasure. */
  traces: string[];
  /** The customer whose contact holds `customerEvents` of the events. */
  customer: { id: string; email: string };
}

export async function seedBigShop(
  db: Db,
  domain: string,
  opts: { events: number; customerEvents?: number; occurredAt?: Date } = {
    events: 200_000,
  },
): Promise<BigShop> {
  const tag = domain.split(".")[0];
  const shop = await db.shop.create({
    data: {
      domain,
      name: `${tag} shop`,
      email: `owner@${domain}`,
      settings: {},
    },
  });
  const scenario = await db.scenario.create({
    data: {
      shopId: shop.id,
      templateKey: "SA3",
      group: "SALES",
      name: "Abandoned cart",
      versions: { create: { version: 1, definition: { seed: tag } } },
    },
  });
  const customer = { id: `${tag}-cust-1`, email: `buyer@${tag}.example` };
  const contacts = [];
  for (const [i, email] of [customer.email, `other@${tag}.example`].entries()) {
    const contact = await db.contact.create({
      data: {
        shopId: shop.id,
        email,
        shopifyCustomerId: i === 0 ? customer.id : `${tag}-cust-2`,
        firstName: `${tag}-first-${i}`,
        tags: [],
        visitors: {
          create: { shopId: shop.id, visitorId: `${tag}-visitor-${i}` },
        },
        pushSubscriptions: {
          create: {
            endpoint: `https://push.example/${tag}-${i}`,
            p256dh: "k",
            auth: "a",
          },
        },
      },
    });
    contacts.push(contact);
    const run = await db.scenarioRun.create({
      data: {
        shopId: shop.id,
        scenarioId: scenario.id,
        scenarioVersion: 1,
        contactId: contact.id,
        state: { to: email },
      },
    });
    const delivery = await db.delivery.create({
      data: {
        shopId: shop.id,
        runId: run.id,
        contactId: contact.id,
        stepId: "cart-email",
        channel: "EMAIL",
        messageKey: "sa3.email",
        idempotencyKey: `${run.id}:cart-email`,
        status: "SENT",
        statusHistory: [],
      },
    });
    await db.conversion.create({
      data: {
        shopId: shop.id,
        contactId: contact.id,
        scenarioId: scenario.id,
        runId: run.id,
        deliveryId: delivery.id,
        orderId: `${tag}-order-${i}`,
        revenue: "10.00",
        currency: "USD",
        rule: "CLICK_WINDOW",
        occurredAt: new Date(),
      },
    });
    await db.cart.create({
      data: {
        shopId: shop.id,
        kind: "CART",
        token: `${tag}-cart-${i}`,
        contactId: contact.id,
        email,
        lineItems: [],
        sourceUpdatedAt: new Date(),
      },
    });
    await db.discountCode.create({
      data: {
        shopId: shop.id,
        contactId: contact.id,
        offerKey: "sa3",
        code: `${tag.toUpperCase()}-CODE-${i}`,
        percent: 10,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    await db.chatReply.create({
      data: {
        shopId: shop.id,
        contactId: contact.id,
        email,
        body: `${tag} chat ${i}`,
      },
    });
    await db.customerDataExport.create({
      data: {
        shopId: shop.id,
        requestId: `${tag}-request-${i}`,
        email,
        data: { email },
      },
    });
  }
  // A cart not yet linked to a contact that still names the customer.
  await db.cart.create({
    data: {
      shopId: shop.id,
      kind: "CHECKOUT",
      token: `${tag}-checkout-unlinked`,
      email: customer.email,
      shopifyCustomerId: customer.id,
      lineItems: [],
      sourceUpdatedAt: new Date(),
    },
  });
  const occurredAt = opts.occurredAt ?? new Date();
  const template = await db.contactEvent.create({
    data: {
      shopId: shop.id,
      contactId: contacts[1].id,
      type: "page_viewed",
      source: "pixel",
      sourceId: `${tag}-template`,
      occurredAt,
      processedAt: occurredAt,
      payload: { seed: tag },
    },
  });
  await copyEvents(
    db,
    template.id,
    contacts[1].id,
    `${tag}-other`,
    opts.events - (opts.customerEvents ?? 0) - 1,
  );
  if (opts.customerEvents)
    await copyEvents(
      db,
      template.id,
      contacts[0].id,
      `${tag}-custev`,
      opts.customerEvents,
    );
  return {
    id: shop.id,
    domain,
    customer,
    traces: [
      shop.id,
      customer.email,
      `${tag}-visitor-0`,
      `${tag}-visitor-1`,
      `${tag}-template`,
      `${tag}-other-1`,
      `${tag}-first-0`,
      `${tag}-order-0`,
      `${tag}-checkout-unlinked`,
      `${tag} chat 0`,
    ],
  };
}

/** `count` copies of one event, for one contact, with source ids `${prefix}-1…`. */
async function copyEvents(
  db: Db,
  templateId: string,
  contactId: string,
  prefix: string,
  count: number,
): Promise<void> {
  if (count <= 0) return;
  // Ids and values are the test's own (no outside text): literal SQL is safe here.
  await db.$executeRawUnsafe(`
    WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${count})
    INSERT INTO "ContactEvent" ("id", "shopId", "contactId", "type", "source", "sourceId", "occurredAt", "payload", "stale", "createdAt", "processedAt")
    SELECT '${prefix}-' || n, e."shopId", '${contactId}', e."type", e."source", '${prefix}-' || n, e."occurredAt", e."payload", e."stale", e."createdAt", e."processedAt"
    FROM s, "ContactEvent" e WHERE e."id" = '${templateId}'`);
}
