// Identity stitching on both databases: which keys join a contact, when two contacts merge and
// keep their history, and when they must stay apart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { joinVisitor, resolveContact } from "../../app/events/identity.server";
import type { Identity } from "../../app/events/normalize";
import {
  PROVIDERS,
  createTestDatabase,
  type TestDatabase,
} from "../support/databases";

describe.each(PROVIDERS)("identity on %s", (provider) => {
  let t: TestDatabase;
  let shopId: string;
  const db = (): Db => t.db;
  const resolve = (identity: Identity) =>
    db().$transaction((tx) => resolveContact(tx, shopId, identity));

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    shopId = (
      await db().shop.create({
        data: { domain: "identity.myshopify.com", settings: {} },
      })
    ).id;
  });
  afterAll(() => t?.drop());

  it("names nobody for an anonymous cart, and a contact for a browser", async () => {
    expect(await resolve({ cartToken: "anon-cart" })).toEqual({
      contactId: null,
      emailCaptured: false,
    });
    const browser = await resolve({ visitorId: "v-1" });
    expect(browser.contactId).not.toBeNull();
    expect((await resolve({ visitorId: "v-1" })).contactId).toBe(
      browser.contactId,
    );
  });

  it("captures an email once, and finds the contact by it and by customer id afterwards", async () => {
    const first = await resolve({ visitorId: "v-2" });
    const captured = await resolve({
      visitorId: "v-2",
      email: "ann@example.com",
    });
    expect(captured).toEqual({
      contactId: first.contactId,
      emailCaptured: true,
    });
    expect(
      await resolve({ email: "ann@example.com", customerId: "1" }),
    ).toEqual({ contactId: first.contactId, emailCaptured: false });
    expect((await resolve({ customerId: "1" })).contactId).toBe(
      first.contactId,
    );
  });

  it("merges two contacts that turn out to be one person, keeping both histories", async () => {
    const browser = (await resolve({ visitorId: "v-3" })).contactId!;
    const customer = (
      await resolve({ customerId: "2", email: "bo@example.com" })
    ).contactId!;
    await db().contactEvent.createMany({
      data: [browser, customer].map((contactId, i) => ({
        shopId,
        contactId,
        type: "page_viewed",
        source: "pixel",
        sourceId: `h-${i}`,
        occurredAt: new Date(),
        payload: {},
      })),
    });
    await db().contact.update({
      where: { id: browser },
      data: { visitCount: 3 },
    });
    await db().cart.create({
      data: {
        shopId,
        kind: "CHECKOUT",
        token: "co-3",
        contactId: browser,
        lineItems: [],
        sourceUpdatedAt: new Date(0),
      },
    });

    // Shopify's webhook about the browser's checkout names the customer.
    const merged = await resolve({
      checkoutToken: "co-3",
      customerId: "2",
      email: "bo@example.com",
    });
    expect(merged.contactId).toBe(customer);
    expect(
      await db().contact.findUnique({ where: { id: browser } }),
    ).toBeNull();
    const survivor = await db().contact.findUniqueOrThrow({
      where: { id: customer },
      include: { events: true, visitors: true, carts: true },
    });
    expect(survivor).toMatchObject({ visitCount: 3, email: "bo@example.com" });
    expect(survivor.events.map((e) => e.sourceId).sort()).toEqual([
      "h-0",
      "h-1",
    ]);
    expect(survivor.visitors.map((v) => v.visitorId)).toEqual(["v-3"]);
    expect(survivor.carts.map((c) => c.token)).toEqual(["co-3"]);
  });

  it("keeps two Shopify customers apart even when they share a browser or a cart", async () => {
    const cy = (
      await resolve({
        customerId: "3",
        email: "cy@example.com",
        visitorId: "shared",
      })
    ).contactId!;
    await db().cart.create({
      data: {
        shopId,
        kind: "CART",
        token: "shared-cart",
        contactId: cy,
        lineItems: [],
        sourceUpdatedAt: new Date(0),
      },
    });
    const di = await resolve({
      customerId: "4",
      email: "di@example.com",
      cartToken: "shared-cart",
      visitorId: "shared",
    });
    expect(di.contactId).not.toBe(cy);
    expect(
      await db().contact.findUniqueOrThrow({ where: { id: cy } }),
    ).toMatchObject({ shopifyCustomerId: "3", email: "cy@example.com" });
    expect(
      await db().contact.findUniqueOrThrow({ where: { id: di.contactId! } }),
    ).toMatchObject({ shopifyCustomerId: "4", email: "di@example.com" });
  });

  it("joins a proven browser: its anonymous contact merges in, a known person's keeps its history and loses the browser", async () => {
    const owner = (await resolve({ customerId: "5", email: "ed@example.com" }))
      .contactId!;
    const anonymous = (await resolve({ visitorId: "v-anon" })).contactId!;
    await db().discountCode.create({
      data: {
        shopId,
        contactId: anonymous,
        offerKey: "s",
        code: "TM-JOINED",
        percent: 10,
        expiresAt: new Date(),
      },
    });
    await db().$transaction((tx) => joinVisitor(tx, shopId, "v-anon", owner));
    expect(
      await db().contact.findUnique({ where: { id: anonymous } }),
    ).toBeNull();
    expect(
      (
        await db().discountCode.findFirstOrThrow({
          where: { code: "TM-JOINED" },
        })
      ).contactId,
    ).toBe(owner);

    const known = (
      await resolve({ visitorId: "v-shared", email: "fay@example.com" })
    ).contactId!;
    await db().$transaction((tx) => joinVisitor(tx, shopId, "v-shared", owner));
    expect(
      await db().contact.findUniqueOrThrow({ where: { id: known } }),
    ).toMatchObject({ email: "fay@example.com" });
    const visitors = await db().contactVisitor.findMany({
      where: { contactId: owner },
    });
    expect(visitors.map((v) => v.visitorId).sort()).toEqual([
      "v-anon",
      "v-shared",
    ]);
    await db().$transaction((tx) => joinVisitor(tx, shopId, "v-new", owner));
    expect((await resolve({ visitorId: "v-new" })).contactId).toBe(owner);
  });

  it("drops, on Shopify's proof from another browser, an unproven browser and those that share its cart", async () => {
    const older = await resolve({ visitorId: "v-pre-3" });
    const pre = (
      await resolve({
        visitorId: "v-pre",
        email: "pia@example.com",
        customerId: "50",
      })
    ).contactId!;
    await db().contactVisitor.updateMany({
      where: { contactId: pre },
      data: { proven: false },
    });
    await db().cart.create({
      data: {
        shopId,
        kind: "CART",
        token: "pre-cart",
        contactId: pre,
        lineItems: [],
        sourceUpdatedAt: new Date(),
      },
    });
    // Its other browsers, through its cart: one new, one with an older contact of its own (that contact survives the merge).
    expect(
      (await resolve({ visitorId: "v-pre-2", cartToken: "pre-cart" }))
        .contactId,
    ).toBe(pre);
    const joined = (
      await resolve({ visitorId: "v-pre-3", cartToken: "pre-cart" })
    ).contactId!;
    expect(joined).toBe(older.contactId);
    const links = () =>
      db().contactVisitor.findMany({
        where: { contactId: joined },
        orderBy: { visitorId: "asc" },
      });
    expect((await links()).map((l) => [l.visitorId, l.proven])).toEqual([
      ["v-pre", false],
      ["v-pre-2", false],
      ["v-pre-3", false],
    ]);

    // A storefront's event naming the address is a browser's word: that browser joins unproven too, and proves nothing.
    const owner = (await resolve({ visitorId: "v-pia" })).contactId!;
    await db().cart.create({
      data: {
        shopId,
        kind: "CHECKOUT",
        token: "pia-co",
        contactId: owner,
        lineItems: [],
        sourceUpdatedAt: new Date(),
      },
    });
    await resolve({ visitorId: "v-word", email: "pia@example.com" });
    expect((await links()).map((l) => [l.visitorId, l.proven])).toEqual([
      ["v-pre", false],
      ["v-pre-2", false],
      ["v-pre-3", false],
      ["v-word", false],
    ]);

    // Shopify's order names the address and the owner's checkout: only the owner's browser is left, proven.
    await db().$transaction((tx) =>
      resolveContact(
        tx,
        shopId,
        { email: "pia@example.com", customerId: "50", checkoutToken: "pia-co" },
        { proof: true },
      ),
    );
    expect((await links()).map((l) => [l.visitorId, l.proven])).toEqual([
      ["v-pia", true],
    ]);
  });

  it("drops an unproven browser when the confirmation link is clicked for another, and proves one that clicks for itself", async () => {
    const contact = (
      await resolve({ visitorId: "v-pre-q", email: "quinn@example.com" })
    ).contactId!;
    await db().contactVisitor.updateMany({
      where: { contactId: contact },
      data: { proven: false },
    });
    await db().$transaction((tx) =>
      joinVisitor(tx, shopId, "v-pre-q", contact),
    );
    expect(
      await db().contactVisitor.findMany({
        where: { contactId: contact },
        select: { visitorId: true, proven: true },
      }),
    ).toEqual([{ visitorId: "v-pre-q", proven: true }]);

    await db().contactVisitor.updateMany({
      where: { contactId: contact },
      data: { proven: false },
    });
    await db().$transaction((tx) =>
      joinVisitor(tx, shopId, "v-quinn", contact),
    );
    expect(
      await db().contactVisitor.findMany({
        where: { contactId: contact },
        select: { visitorId: true, proven: true },
      }),
    ).toEqual([{ visitorId: "v-quinn", proven: true }]);
  });

  it("takes a browser's report of a checkout Shopify's webhook already named for the address as its proof", async () => {
    const pre = (
      await resolve({
        visitorId: "v-pre-r",
        email: "rita@example.com",
        customerId: "60",
      })
    ).contactId!;
    await db().contactVisitor.updateMany({
      where: { contactId: pre },
      data: { proven: false },
    });
    await resolve({ visitorId: "v-rita" });
    // Shopify's checkout webhook came before the pixel's report of it.
    await db().cart.create({
      data: {
        shopId,
        kind: "CHECKOUT",
        token: "rita-co",
        contactId: pre,
        email: "rita@example.com",
        shopifyCustomerId: "60",
        lineItems: [],
        sourceUpdatedAt: new Date(),
      },
    });
    const joined = (
      await resolve({ visitorId: "v-rita", checkoutToken: "rita-co" })
    ).contactId!;
    expect(
      await db().contactVisitor.findMany({
        where: { contactId: joined },
        select: { visitorId: true, proven: true },
      }),
    ).toEqual([{ visitorId: "v-rita", proven: true }]);
  });
});
