import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PROVIDERS,
  createTestDatabase,
  type TestDatabase,
} from "../../test/support/databases";
import {
  seedCartHistory,
  seedOtherScenarioRun,
  type SeededHistory,
} from "../../test/support/history";
import { everything } from "../../test/support/tables";
import { activateTemplate } from "../admin/scenarios.server";
import { simulate, simulationSubject } from "./simulator.server";

const domain = "simulated.myshopify.com";
const NOW = new Date("2026-06-30T12:00:00Z");

describe.each(PROVIDERS)("the pre-launch simulator on %s", (provider) => {
  let t: TestDatabase;
  let seeded: SeededHistory;
  let other: string;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    const shop = await t.db.shop.create({
      data: {
        domain,
        name: "Simulated",
        settings: { quietHours: { start: 0, end: 0 } },
      },
    });
    seeded = await seedCartHistory(t.db, shop.id, NOW);
    other = await seedOtherScenarioRun(
      t.db,
      shop.id,
      seeded.contacts.cy,
      new Date(NOW.valueOf() - 5 * 86_400_000),
    );
  });
  afterAll(() => t?.drop());

  it("replays the window's stored events through a template not yet activated, and writes nothing", async () => {
    const before = await everything(t.db);
    const subject = await simulationSubject(t.db, domain, {
      templateKey: "SA3",
    });
    expect(subject).toMatchObject({
      kind: "template",
      scenarioId: null,
      templateKey: "SA3",
    });
    const { report, truncated, overlap } = await simulate(
      t.db,
      domain,
      subject!,
      { now: NOW },
    );
    expect(await everything(t.db)).toBe(before);

    expect(truncated).toBe(false);
    expect(report).toMatchObject({
      contacts: 4,
      events: 5,
      entered: 4,
      entries: 4,
      unprocessedEvents: 0,
    });
    expect(report.steps["cart-onsite"].sent).toEqual({ popup: 4 });
    expect(report.steps["cart-email"]).toMatchObject({
      reached: 2,
      sent: { email: 2 },
    });
    expect(report.steps.reminder).toMatchObject({
      reached: 1,
      sent: { email: 1 },
    });
    expect(report.steps["reminder-wait"].waiting).toBe(1);
    expect(report.outcomes).toMatchObject({
      goal: 1,
      completed: 2,
      waiting: 1,
    });
    expect(report.placeholders).toEqual({
      first_name: { fallback: 1, missing: 0 },
    });
    // cy also started the other active scenario's run in the window, and got its message.
    expect(overlap).toEqual([
      {
        scenarioId: other,
        name: "Thank you",
        templateKey: "RE1",
        alsoEntered: 1,
        alsoMessaged: 1,
      },
    ]);
  });

  it("simulates the shop's own scenario by id, leaving it out of the overlap", async () => {
    const shop = await t.db.shop.findUniqueOrThrow({ where: { domain } });
    const { id } = await activateTemplate(t.db, null, shop.id, "SA3");
    const subject = await simulationSubject(t.db, domain, { scenarioId: id });
    expect(subject).toMatchObject({
      kind: "scenario",
      scenarioId: id,
      templateKey: "SA3",
      status: "ACTIVE",
      name: { en: "Abandoned cart" },
    });
    const { report, overlap } = await simulate(t.db, domain, subject!, {
      now: NOW,
    });
    expect(report).toMatchObject({
      entered: 4,
      outcomes: { goal: 1, completed: 2, waiting: 1 },
    });
    expect(overlap.map((o) => o.scenarioId)).toEqual([other]);
    // The template once activated is seeded as its scenario, and is not its own overlap either.
    expect(
      await simulationSubject(t.db, domain, { templateKey: "SA3" }),
    ).toMatchObject({ kind: "template", scenarioId: id });
    expect(
      await simulationSubject(t.db, domain, { scenarioId: "nope" }),
    ).toBeNull();
    expect(
      await simulationSubject(t.db, domain, { templateKey: "XX9" }),
    ).toBeNull();
  });

  it("stops at the cap of events, whole contacts only, and says so", async () => {
    const subject = await simulationSubject(t.db, domain, {
      templateKey: "SA3",
    });
    const { report, truncated, maxEvents } = await simulate(
      t.db,
      domain,
      subject!,
      { now: NOW, maxEvents: 2 },
    );
    expect({ truncated, maxEvents }).toEqual({ truncated: true, maxEvents: 2 });
    expect(report.events).toBeLessThanOrEqual(2);
    expect(report.contacts).toBeLessThan(4);
  });
});
