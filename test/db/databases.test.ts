import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PROVIDERS,
  createTestDatabase,
  type TestDatabase,
} from "../support/databases";

describe.each(PROVIDERS)("the data model on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => t?.drop());

  it("stores a shop with a contact, a scenario version and a run", async () => {
    const shop = await t.db.shop.create({
      data: { domain: "demo.myshopify.com", settings: { dailyCap: 2 } },
    });
    const contact = await t.db.contact.create({
      data: {
        shopId: shop.id,
        email: "ann@example.com",
        tags: ["vip"],
        emailConsent: "SUBSCRIBED",
      },
    });
    const scenario = await t.db.scenario.create({
      data: {
        shopId: shop.id,
        templateKey: "SA3",
        group: "SALES",
        name: "Abandoned cart",
      },
    });
    await t.db.scenarioVersion.create({
      data: { scenarioId: scenario.id, version: 1, definition: { steps: [] } },
    });
    const run = await t.db.scenarioRun.create({
      data: {
        shopId: shop.id,
        scenarioId: scenario.id,
        scenarioVersion: 1,
        contactId: contact.id,
        state: { step: "wait-1" },
        nextDueAt: new Date("2026-11-23T10:00:00Z"),
      },
    });
    const loaded = await t.db.scenarioRun.findUniqueOrThrow({
      where: { id: run.id },
      include: { contact: true },
    });
    expect(loaded.state).toEqual({ step: "wait-1" });
    expect(loaded.contact.tags).toEqual(["vip"]);
    expect(loaded.nextDueAt?.toISOString()).toBe("2026-11-23T10:00:00.000Z");
  });

  it("refuses a second contact with the same email in one shop", async () => {
    const shop = await t.db.shop.create({
      data: { domain: "dup.myshopify.com", settings: {} },
    });
    await t.db.contact.create({
      data: { shopId: shop.id, email: "bo@example.com", tags: [] },
    });
    await expect(
      t.db.contact.create({
        data: { shopId: shop.id, email: "bo@example.com", tags: [] },
      }),
    ).rejects.toThrow(/Unique constraint/);
  });

  it("deletes a shop's data with the shop", async () => {
    const shop = await t.db.shop.create({
      data: { domain: "gone.myshopify.com", settings: {} },
    });
    await t.db.contact.create({
      data: { shopId: shop.id, email: "cy@example.com", tags: [] },
    });
    await t.db.shop.delete({ where: { id: shop.id } });
    expect(await t.db.contact.count({ where: { shopId: shop.id } })).toBe(0);
  });
});
