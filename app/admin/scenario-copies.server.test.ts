// New, duplicated and deleted scenarios on both databases: drafts that validate, messages keyed
// apart from the original's, an active scenario never deleted, another shop's never touched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import {
  parseNewScenarioDefinition,
  type ScenarioDefinition,
} from "../scenarios/model";
import {
  createScenario,
  deleteScenario,
  duplicateScenario,
} from "./scenario-copies.server";
import { TRIGGER_TYPES } from "../scenarios/editor/blank";

const SHOP = "copies.myshopify.com";

describe.each(PROVIDERS)("scenarios made and deleted, on %s", (provider) => {
  let t: TestDatabase;
  const definitionOf = async (id: string) =>
    (
      await t.db.scenarioVersion.findUniqueOrThrow({
        where: { scenarioId_version: { scenarioId: id, version: 1 } },
      })
    ).definition as unknown as ScenarioDefinition;
  const keysOf = (d: ScenarioDefinition) =>
    d.steps.flatMap((s) => (s.type === "send" ? [s.message.key] : []));

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await t.db.shop.create({ data: { domain: SHOP, settings: {} } });
    await t.db.shop.create({
      data: { domain: "other.myshopify.com", settings: {} },
    });
  });
  afterAll(() => t?.drop());

  it("starts a blank scenario from any trigger as a draft of one message that validates", async () => {
    for (const type of TRIGGER_TYPES) {
      const made = await createScenario(t.db, SHOP, {
        name: `Blank ${type}`,
        group: "SALES",
        from: { blank: type },
      });
      if (!made.ok) throw new Error(made.reason);
      const definition = await definitionOf(made.id);
      expect(parseNewScenarioDefinition(definition).ok, type).toBe(true);
      expect(definition.trigger.type).toBe(type);
      expect(definition.steps.map((s) => s.type)).toEqual(["send"]);
      await expect(
        t.db.scenario.findUniqueOrThrow({ where: { id: made.id } }),
      ).resolves.toMatchObject({ status: "DRAFT", templateKey: null });
    }
    expect(
      await createScenario(t.db, SHOP, {
        name: "  ",
        group: "SALES",
        from: { blank: "added_to_cart" },
      }),
    ).toEqual({ ok: false, reason: "name" });
  });

  it("starts one from a template's steps with messages of its own, and duplicates it the same way", async () => {
    const made = await createScenario(t.db, SHOP, {
      name: "My cart",
      group: "SALES",
      from: { template: "SA3" },
    });
    if (!made.ok) throw new Error(made.reason);
    const original = await definitionOf(made.id);
    expect(
      keysOf(original).every((k) => /^sa3\.[a-z.]+\.[a-z0-9]{8}$/.test(k)),
    ).toBe(true);
    const copy = await duplicateScenario(t.db, SHOP, made.id, "My cart (copy)");
    if (!copy.ok) throw new Error(copy.reason);
    const copied = await definitionOf(copy.id);
    expect(copied.steps.map((s) => s.id)).toEqual(
      original.steps.map((s) => s.id),
    );
    expect(keysOf(copied).some((k) => keysOf(original).includes(k))).toBe(
      false,
    );
    expect(parseNewScenarioDefinition(copied).ok).toBe(true);
    await expect(
      t.db.scenario.findUniqueOrThrow({ where: { id: copy.id } }),
    ).resolves.toMatchObject({
      name: "My cart (copy)",
      status: "DRAFT",
      group: "SALES",
    });
    expect(
      await duplicateScenario(t.db, "other.myshopify.com", made.id, "x"),
    ).toMatchObject({ ok: false });
  });

  it("deletes a paused or draft scenario with its runs, never an active one or another shop's", async () => {
    const made = await createScenario(t.db, SHOP, {
      name: "Going",
      group: "SALES",
      from: { blank: "added_to_cart" },
    });
    if (!made.ok) throw new Error(made.reason);
    const shop = await t.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const contact = await t.db.contact.create({
      data: { shopId: shop.id, tags: [] },
    });
    await t.db.scenarioRun.create({
      data: {
        shopId: shop.id,
        scenarioId: made.id,
        scenarioVersion: 1,
        contactId: contact.id,
        state: {},
      },
    });
    await t.db.scenario.update({
      where: { id: made.id },
      data: { status: "ACTIVE" },
    });
    expect(await deleteScenario(t.db, SHOP, made.id)).toEqual({
      ok: false,
      reason: "active",
    });
    await t.db.scenario.update({
      where: { id: made.id },
      data: { status: "PAUSED" },
    });
    expect(await deleteScenario(t.db, "other.myshopify.com", made.id)).toEqual({
      ok: false,
      reason: "missing",
    });
    expect(await deleteScenario(t.db, SHOP, made.id)).toEqual({ ok: true });
    expect(
      await t.db.scenarioRun.count({ where: { scenarioId: made.id } }),
    ).toBe(0);
    expect(await t.db.contact.count({ where: { id: contact.id } })).toBe(1);
  });
});
