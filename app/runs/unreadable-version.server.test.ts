// A stored version the app cannot read, on both databases: the scenario is paused with the reason
// the first time the runner meets it (a due wait, an event, a trigger), instead of failing its
// contacts one by one; its runs keep their place and nothing is sent; resuming is refused while it
// still cannot be read, and once it reads again the runs go on from where they waited.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import {
  createWaitingRuns,
  WAIT_THEN_EMAIL,
} from "../../test/support/waiting-runs";
import type { Shop } from "../db.server";
import { createDatabaseQueue } from "../jobs/drivers/database.server";
import { SCHEMA_VERSION } from "../scenarios/model";
import { loadScenarioForEditing } from "../admin/scenario-editor.server";
import { ScenarioError, setScenarioStatus } from "../admin/scenarios.server";
import { feedEvent, runDue } from "./runner.server";
import { pausedReasonOf, PUBLISH_STOREFRONT_JOB } from "./versions.server";

const MINUTE = 60_000;

describe.each(PROVIDERS)("a version that cannot be read, on %s", (provider) => {
  let t: TestDatabase;
  let shop: Shop;
  let tag = 0;
  const now = () => new Date();
  const queue = () => createDatabaseQueue(t.db, `unreadable-${provider}`);
  const deps = () => ({ db: t.db, queue: queue(), now });
  const scenarioOf = (id: string) =>
    t.db.scenario.findUniqueOrThrow({ where: { id } });
  const runsOf = (scenarioId: string) =>
    t.db.scenarioRun.findMany({
      where: { scenarioId },
      orderBy: { id: "asc" },
    });
  const corrupt = (scenarioId: string, definition: object) =>
    t.db.scenarioVersion.updateMany({
      where: { scenarioId, version: 1 },
      data: { definition },
    });
  let scenarioId: string;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    shop = await t.db.shop.create({
      // No quiet hours: the email goes out whatever the hour the test runs at.
      data: {
        domain: "stored.myshopify.com",
        settings: { quietHours: { start: 0, end: 0 } },
      },
    });
  });
  afterAll(() => t?.drop());
  beforeEach(async () => {
    // Two contacts waiting a minute past their time, in a scenario of their own.
    ({ scenarioId } = await createWaitingRuns(
      t.db,
      shop.id,
      2,
      () => new Date(Date.now() - MINUTE),
      `u${++tag}`,
    ));
  });

  it("pauses the scenario with the reason when a due wait reaches it; the runs wait, nothing is sent; resumed once it reads, they go on", async () => {
    await corrupt(scenarioId, { ...WAIT_THEN_EMAIL, steps: "lost" });
    const [first, second] = await runsOf(scenarioId);

    await runDue(deps(), first!.id);

    const scenario = await scenarioOf(scenarioId);
    expect(scenario.status).toBe("PAUSED");
    expect(pausedReasonOf(scenario.pausedReason)).toEqual({
      version: 1,
      reason: {
        kind: "damaged",
        problem: expect.stringMatching(/^steps: /),
      },
    });
    // The storefront's rules are published again without it.
    expect(
      await t.db.job.count({ where: { name: PUBLISH_STOREFRONT_JOB } }),
    ).toBe(1);

    // The other contact's wait comes: held as well, not failed nor exited.
    await runDue(deps(), second!.id);
    const held = await runsOf(scenarioId);
    expect(held.map((r) => [r.status, r.nextDueAt, r.errorReason])).toEqual([
      ["WAITING", null, null],
      ["WAITING", null, null],
    ]);
    expect(held.every((r) => r.activeKey)).toBe(true);
    expect(await t.db.delivery.count({ where: { run: { scenarioId } } })).toBe(
      0,
    );

    // The admin's page says why, in both languages.
    const page = await loadScenarioForEditing(t.db, shop.domain, scenarioId);
    expect(page!.pausedReason).toEqual({
      version: 1,
      words: {
        en: expect.stringContaining("The saved scenario is damaged: steps: "),
        ru: expect.stringContaining("Сохранённый сценарий повреждён: steps: "),
      },
    });
    // Too damaged to draw: the page shows the reason without the editor.
    expect(page!.drawable).toBe(false);

    // Not resumed while it still cannot be read; the reason stays.
    await expect(
      setScenarioStatus(t.db, null, shop.id, scenarioId, "ACTIVE"),
    ).rejects.toThrow(ScenarioError);
    expect((await scenarioOf(scenarioId)).pausedReason).not.toBeNull();

    // Repaired (support), resumed: the reason is cleared and the waits are back at their time.
    await corrupt(scenarioId, WAIT_THEN_EMAIL);
    await setScenarioStatus(t.db, null, shop.id, scenarioId, "ACTIVE");
    expect(await scenarioOf(scenarioId)).toMatchObject({
      status: "ACTIVE",
      pausedReason: null,
    });
    const released = await runsOf(scenarioId);
    expect(released.map((r) => r.nextDueAt)).toEqual(
      held.map((r) => new Date((r.state as { dueAt: string }).dueAt)),
    );
    for (const run of released) await runDue(deps(), run.id);
    expect(
      await t.db.delivery.findMany({
        where: { run: { scenarioId } },
        select: { channel: true, stepId: true },
      }),
    ).toEqual([
      { channel: "EMAIL", stepId: "mail" },
      { channel: "EMAIL", stepId: "mail" },
    ]);
  });

  it("pauses the scenario when an event reaches a run on it, or a trigger would start it; no run is started or moved", async () => {
    // Saved by a newer app (rolled back since).
    await corrupt(scenarioId, {
      ...WAIT_THEN_EMAIL,
      schemaVersion: SCHEMA_VERSION + 1,
    });
    const [first] = await runsOf(scenarioId);
    const contact = await t.db.contact.create({
      data: { shopId: shop.id, email: `new-${tag}@example.com`, tags: [] },
    });

    const newer = {
      version: 1,
      reason: {
        kind: "newer_version",
        schemaVersion: SCHEMA_VERSION + 1,
        appVersion: SCHEMA_VERSION,
      },
    };

    // An event reaching a contact's open run on it: paused; the run stays as it was.
    await feedEvent(deps(), shop, first!.contactId, {
      id: `order-${tag}`,
      occurredAt: now(),
      event: "order_placed",
    });
    let scenario = await scenarioOf(scenarioId);
    expect(scenario.status).toBe("PAUSED");
    expect(pausedReasonOf(scenario.pausedReason)).toEqual(newer);
    expect(
      await t.db.scenarioRun.findUniqueOrThrow({ where: { id: first!.id } }),
    ).toMatchObject({
      status: "WAITING",
      revision: first!.revision,
      errorReason: null,
    });

    // Active again (as if resumed by hand in the database): a trigger for a contact not in it
    // starts nothing, and pauses it again.
    await t.db.scenario.update({
      where: { id: scenarioId },
      data: { status: "ACTIVE", pausedReason: null },
    });
    await feedEvent(deps(), shop, contact.id, {
      id: `cart-${tag}`,
      occurredAt: now(),
      trigger: { type: "added_to_cart" },
      event: "added_to_cart",
    });
    scenario = await scenarioOf(scenarioId);
    expect(scenario.status).toBe("PAUSED");
    expect(pausedReasonOf(scenario.pausedReason)).toEqual(newer);
    expect(
      await t.db.scenarioRun.count({
        where: { contactId: contact.id, scenarioId },
      }),
    ).toBe(0);

    // Its shape is this app's: the page shows it, to be saved again in this app's version.
    const page = await loadScenarioForEditing(t.db, shop.domain, scenarioId);
    expect(page).toMatchObject({
      drawable: true,
      definition: { schemaVersion: SCHEMA_VERSION, start: "wait" },
      pausedReason: { version: 1 },
    });
    expect(page!.pausedReason!.words.en).toContain(
      "saved by a newer version of the app",
    );
  });

  it("resumed with a new version saved over a damaged one: contacts still on the damaged version end as failed, with why", async () => {
    await corrupt(scenarioId, { ...WAIT_THEN_EMAIL, schemaVersion: "one" });
    const [first] = await runsOf(scenarioId);
    await runDue(deps(), first!.id);
    expect((await scenarioOf(scenarioId)).status).toBe("PAUSED");

    // The merchant saves the scenario again (version 2) and activates it.
    await t.db.scenarioVersion.create({
      data: { scenarioId, version: 2, definition: WAIT_THEN_EMAIL as object },
    });
    await t.db.scenario.update({
      where: { id: scenarioId },
      data: { currentVersion: 2 },
    });
    await setScenarioStatus(t.db, null, shop.id, scenarioId, "ACTIVE");

    expect((await scenarioOf(scenarioId)).pausedReason).toBeNull();
    const runs = await runsOf(scenarioId);
    expect(runs.map((r) => [r.status, r.activeKey])).toEqual([
      ["FAILED", null],
      ["FAILED", null],
    ]);
    expect(runs[0]!.errorReason).toBe(
      "version 1 of the scenario cannot be read: The saved scenario has no format version, so the app cannot tell how to read it.",
    );
  });
});
