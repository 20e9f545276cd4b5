// Deliverability from the provider's reports, on both databases: delivered (or only accepted)
// counted by the database, bounces and complaints per scenario and step, skipped messages by
// reason, test contacts and older messages left out; and the warnings' thresholds, pure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import type { DeliveryStatus } from "../db.server";
import {
  deliverability,
  warningsOf,
  type DeliverabilityFigures,
  type ScenarioDeliverability,
} from "./deliverability.server";
import { scenarioAnalytics } from "./scenario.server";

const NOW = new Date("2026-06-15T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.valueOf() - days * DAY);
const REPORTS_SINCE = ago(10);

interface Mail {
  status?: DeliveryStatus;
  channel?: "EMAIL" | "POPUP";
  stepId?: string;
  sentAt?: Date | null;
  createdAt?: Date;
  deliveredAt?: Date;
  bouncedAt?: Date;
  bounceKind?: "hard" | "soft";
  complainedAt?: Date;
  error?: string;
}

describe.each(PROVIDERS)("deliverability on %s", (provider) => {
  let t: TestDatabase;
  let shopId: string;
  let noisy: string;
  let calm: string;
  let seq = 0;

  /** `count` deliveries of a scenario's run for a contact, all alike. */
  async function mails(
    runId: string,
    contactId: string,
    count: number,
    m: Mail,
  ) {
    await t.db.delivery.createMany({
      data: Array.from({ length: count }, () => {
        const key = `d${seq++}`;
        const at = m.createdAt ?? ago(2);
        return {
          shopId,
          runId,
          contactId,
          stepId: m.stepId ?? "mail",
          channel: m.channel ?? "EMAIL",
          messageKey: "seed.mail",
          status: m.status ?? "SENT",
          statusHistory: [],
          idempotencyKey: key,
          createdAt: at,
          sentAt: m.sentAt === undefined ? at : m.sentAt,
          deliveredAt: m.deliveredAt ?? null,
          bouncedAt: m.bouncedAt ?? null,
          bounceKind: m.bounceKind ?? null,
          complainedAt: m.complainedAt ?? null,
          error: m.error ?? null,
        };
      }),
    });
  }

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    const shop = await t.db.shop.create({
      data: {
        domain: `deliverability-${provider}.myshopify.com`,
        settings: {},
        emailEventsSince: REPORTS_SINCE,
      },
    });
    shopId = shop.id;
    const scenario = (name: string) =>
      t.db.scenario.create({
        data: { shopId, group: "SALES", name, status: "ACTIVE" },
      });
    noisy = (await scenario("Noisy")).id;
    calm = (await scenario("Calm")).id;
    const contact = (isTest: boolean) =>
      t.db.contact.create({ data: { shopId, tags: [], isTest } });
    const person = await contact(false);
    const tester = await contact(true);
    const run = async (scenarioId: string, contactId: string) =>
      (
        await t.db.scenarioRun.create({
          data: {
            shopId,
            scenarioId,
            scenarioVersion: 1,
            contactId,
            state: {},
            startedAt: ago(25),
          },
        })
      ).id;
    const noisyRun = await run(noisy, person.id);
    const calmRun = await run(calm, person.id);
    const testRun = await run(noisy, tester.id);

    const at = ago(1);
    // Noisy: 141 sent, 131 delivered, 2 hard and 3 soft bounces, 1 complaint.
    await mails(noisyRun, person.id, 100, {
      status: "DELIVERED",
      deliveredAt: at,
    });
    // Opened with no delivery report: an open proves delivery.
    await mails(noisyRun, person.id, 20, { status: "OPENED" });
    // Sent before the provider's first report, nothing reported: delivered unless bounced.
    await mails(noisyRun, person.id, 10, {
      createdAt: ago(20),
      sentAt: ago(20),
    });
    await mails(noisyRun, person.id, 2, {
      createdAt: ago(20),
      sentAt: ago(20),
      bouncedAt: ago(19),
      bounceKind: "hard",
    });
    await mails(noisyRun, person.id, 3, { bouncedAt: at, bounceKind: "soft" });
    // Sent since the reports began, nothing reported yet: not (yet) delivered.
    await mails(noisyRun, person.id, 5, {});
    await mails(noisyRun, person.id, 1, {
      status: "DELIVERED",
      deliveredAt: at,
      complainedAt: at,
    });
    // Skipped: not sent, counted by reason.
    await mails(noisyRun, person.id, 3, {
      status: "SKIPPED",
      sentAt: null,
      error: "the address bounced",
    });
    await mails(noisyRun, person.id, 2, {
      status: "SKIPPED",
      sentAt: null,
      error: "no marketing consent",
    });
    await mails(noisyRun, person.id, 1, {
      status: "SKIPPED",
      sentAt: null,
      error: "something new",
    });
    await mails(noisyRun, person.id, 1, {
      channel: "POPUP",
      stepId: "popup",
      status: "SKIPPED",
      sentAt: null,
      error: "not shown: the shopper left the site",
    });
    // Older than the period, and a test contact's: counted nowhere.
    await mails(noisyRun, person.id, 4, {
      createdAt: ago(40),
      complainedAt: ago(39),
    });
    await mails(testRun, tester.id, 10, { complainedAt: at });
    // Calm: 61 sent, 60 delivered, 1 hard bounce.
    await mails(calmRun, person.id, 60, {
      status: "DELIVERED",
      deliveredAt: at,
    });
    await mails(calmRun, person.id, 1, { bouncedAt: at, bounceKind: "hard" });
  });
  afterAll(() => t?.drop());

  it("counts delivered as the provider reported it, or opened, or sent before its first report and not bounced; bounces per sent, complaints per delivered", async () => {
    const d = await deliverability(t.db, shopId, NOW);
    expect(d.accepted).toBe(false);
    expect(d.total).toEqual({
      sent: 202,
      delivered: 191,
      hardBounced: 3,
      softBounced: 3,
      complained: 1,
      bounceRate: 6 / 202,
      complaintRate: 1 / 191,
    });
    expect(d.scenarios).toEqual([
      expect.objectContaining({
        id: calm,
        name: "Calm",
        sent: 61,
        delivered: 60,
        hardBounced: 1,
        softBounced: 0,
        complained: 0,
      }),
      expect.objectContaining({
        id: noisy,
        name: "Noisy",
        sent: 141,
        delivered: 131,
        hardBounced: 2,
        softBounced: 3,
        complained: 1,
        complaintRate: 1 / 131,
      }),
    ]);
    // Both over the limits (0.52% complaints, 2.97% bounces), each driven by Noisy.
    expect(d.warnings).toEqual([
      {
        kind: "complaint",
        level: "critical",
        rate: 1 / 191,
        limit: 0.003,
        scenario: {
          id: noisy,
          name: "Noisy",
          status: "ACTIVE",
          templateKey: null,
        },
      },
      expect.objectContaining({
        kind: "bounce",
        level: "critical",
        rate: 6 / 202,
        limit: 0.02,
        scenario: expect.objectContaining({ id: noisy }),
      }),
    ]);
  });

  it("before the provider reports anything, delivered is only accepted: every message sent", async () => {
    await t.db.shop.update({
      where: { id: shopId },
      data: { emailEventsSince: null },
    });
    try {
      const d = await deliverability(t.db, shopId, NOW);
      expect(d.accepted).toBe(true);
      expect(d.total).toMatchObject({ sent: 202, delivered: 202 });
      const a = (await scenarioAnalytics(t.db, shopId, noisy, 30, NOW))!;
      expect(a.emailReports).toBe(false);
      expect(a.steps[0].counts).toMatchObject({
        sent: 141,
        delivered: 141,
        accepted: true,
      });
    } finally {
      await t.db.shop.update({
        where: { id: shopId },
        data: { emailEventsSince: REPORTS_SINCE },
      });
    }
  });

  it("gives a scenario's email step its reports and its rates on delivered, and groups skipped messages by reason", async () => {
    const a = (await scenarioAnalytics(t.db, shopId, noisy, 30, NOW))!;
    expect(a.emailReports).toBe(true);
    const mail = a.steps.find((s) => s.stepId === "mail")!;
    expect(mail.counts).toMatchObject({
      sent: 141,
      delivered: 131,
      accepted: false,
      opened: 20,
      hardBounced: 2,
      softBounced: 3,
      complained: 1,
      skipped: 6,
    });
    expect(mail.rates).toMatchObject({
      openRate: 20 / 131,
      bounceRate: 5 / 141,
      complaintRate: 1 / 131,
    });
    expect(a.skipped).toEqual([
      { reason: "the address bounced", count: 3 },
      { reason: "no marketing consent", count: 2 },
      { reason: "not shown: the shopper left the site", count: 1 },
      { reason: "something new", count: 1 },
    ]);
  });
});

describe("deliverability warnings", () => {
  const figures = (
    sent: number,
    bounced: number,
    complained: number,
  ): DeliverabilityFigures => ({
    sent,
    delivered: sent - bounced,
    hardBounced: bounced,
    softBounced: 0,
    complained,
    bounceRate: sent ? bounced / sent : null,
    complaintRate: sent - bounced ? complained / (sent - bounced) : null,
  });
  const scenario = (
    id: string,
    f: DeliverabilityFigures,
  ): ScenarioDeliverability => ({
    id,
    name: id,
    status: "ACTIVE",
    templateKey: null,
    ...f,
  });
  const levels = (total: DeliverabilityFigures) =>
    warningsOf(total, []).map((w) => `${w.kind}:${w.level}`);

  it("stays quiet below 0.2% complaints and 1.5% bounces", () => {
    expect(levels(figures(1000, 14, 1))).toEqual([]);
  });

  it("warns when nearing the limits: 0.2% complaints, 1.5% bounces", () => {
    expect(levels(figures(1000, 0, 2))).toEqual(["complaint:warning"]);
    expect(levels(figures(1000, 15, 0))).toEqual(["bounce:warning"]);
  });

  it("is critical at and over the limits: 0.3% complaints, 2% bounces", () => {
    expect(levels(figures(1000, 0, 3))).toEqual(["complaint:critical"]);
    expect(levels(figures(1000, 20, 0))).toEqual(["bounce:critical"]);
    expect(levels(figures(1020, 40, 5))).toEqual([
      "complaint:critical",
      "bounce:critical",
    ]);
  });

  it("says nothing before 100 emails were sent: one complaint in 3 on the first day is no rate yet", () => {
    expect(levels(figures(3, 0, 1))).toEqual([]);
    expect(levels(figures(99, 5, 1))).toEqual([]);
    expect(levels(figures(100, 0, 1))).toEqual(["complaint:critical"]);
  });

  it("names the scenario with the most complaints, of equals the one with the higher rate", () => {
    const a = scenario("a", figures(500, 0, 1));
    const b = scenario("b", figures(300, 0, 2));
    const c = scenario("c", figures(200, 0, 2));
    const [warning] = warningsOf(figures(1000, 0, 5), [a, b, c]);
    expect(warning.scenario?.id).toBe("c");
    // No scenario had any: none to pause (e.g. transactional mail).
    expect(warningsOf(figures(1000, 0, 5), [])[0].scenario).toBeNull();
  });
});
