// The worker's registered jobs: daily maintenance prunes what is past its retention, nothing else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import { createDatabaseQueue } from "./drivers/database.server";
import { jobHandlers, scheduleMaintenance } from "./handlers.server";
import type { JobQueue } from "./types";

const now = new Date("2026-03-01T12:00:00Z");
const daysBefore = (days: number) =>
  new Date(now.valueOf() - days * 86_400_000);
const context = {
  id: "test",
  name: "test",
  attempt: 1,
  signal: new AbortController().signal,
};

describe.each(PROVIDERS)("maintenance jobs on %s", (provider) => {
  let t: TestDatabase;
  let queue: JobQueue;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    queue = createDatabaseQueue(t.db, "maintenance");
  });
  afterAll(() => t?.drop());

  it("prunes webhook receipts older than their retention", async () => {
    const receipt = (eventId: string, receivedAt: Date) => ({
      shopDomain: "a.myshopify.com",
      topic: "orders/create",
      eventId,
      webhookId: eventId,
      receivedAt,
    });
    await t.db.webhookReceipt.createMany({
      data: [receipt("old", daysBefore(8)), receipt("recent", daysBefore(2))],
    });
    await jobHandlers(t.db, queue, () => now)[
      "maintenance.prune-webhook-receipts"
    ]({}, context);
    expect(
      (await t.db.webhookReceipt.findMany()).map((r) => r.eventId),
    ).toEqual(["recent"]);
  });

  it("prunes finished jobs older than their retention, never waiting or active ones", async () => {
    const job = (
      id: string,
      status: "WAITING" | "ACTIVE" | "COMPLETED" | "FAILED",
      updatedAt: Date,
    ) => ({
      queue: "q",
      id,
      name: "work",
      data: {},
      runAt: updatedAt,
      status,
      updatedAt,
    });
    await t.db.job.createMany({
      data: [
        job("old-completed", "COMPLETED", daysBefore(31)),
        job("old-failed", "FAILED", daysBefore(31)),
        job("recent-completed", "COMPLETED", daysBefore(1)),
        job("old-waiting", "WAITING", daysBefore(31)),
        job("old-active", "ACTIVE", daysBefore(31)),
      ],
    });
    await jobHandlers(t.db, queue, () => now)[
      "maintenance.prune-finished-jobs"
    ]({}, context);
    const left = (await t.db.job.findMany({ where: { queue: "q" } }))
      .map((j) => j.id)
      .sort();
    expect(left).toEqual(["old-active", "old-waiting", "recent-completed"]);
  });

  it("prunes each shop's contact events past its own retention, never unprocessed ones", async () => {
    const shop = await t.db.shop.create({
      data: {
        domain: "retention.myshopify.com",
        settings: { eventRetentionDays: 30 },
      },
    });
    const event = (sourceId: string, occurredAt: Date, processed: boolean) => ({
      shopId: shop.id,
      type: "page_viewed",
      source: "pixel",
      sourceId,
      occurredAt,
      payload: {},
      processedAt: processed ? occurredAt : null,
    });
    await t.db.contactEvent.createMany({
      data: [
        event("old", daysBefore(31), true),
        event("old-unprocessed", daysBefore(31), false),
        event("recent", daysBefore(29), true),
      ],
    });
    await jobHandlers(t.db, queue, () => now)[
      "maintenance.prune-contact-events"
    ]({}, context);
    const left = await t.db.contactEvent.findMany({
      where: { shopId: shop.id },
      orderBy: { sourceId: "asc" },
    });
    expect(left.map((e) => e.sourceId)).toEqual(["old-unprocessed", "recent"]);
  });

  it("schedules each maintenance job once a day, and the win-back pass once an hour, however many workers start", async () => {
    await scheduleMaintenance(queue, now);
    await scheduleMaintenance(queue, now);
    const jobs = await t.db.job.findMany({
      where: { queue: "maintenance" },
      orderBy: { id: "asc" },
    });
    expect(jobs.map((j) => [j.id, j.name])).toEqual([
      // Win-back triggers: once an hour.
      ["inactivity:2026-03-01T12", "runs.inactivity"],
      ["prune-contact-events:2026-03-01", "maintenance.prune-contact-events"],
      ["prune-finished-jobs:2026-03-01", "maintenance.prune-finished-jobs"],
      [
        "prune-webhook-receipts:2026-03-01",
        "maintenance.prune-webhook-receipts",
      ],
    ]);
    expect(Object.keys(jobHandlers(t.db, queue))).toEqual(
      expect.arrayContaining(jobs.map((j) => j.name)),
    );
  });
});
