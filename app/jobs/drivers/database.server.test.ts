// What only the database driver has to get right: a worker that dies mid-job, or loses its lease.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../../test/support/databases";
import { createDatabaseQueue } from "./database.server";

describe.each(PROVIDERS)("the database job driver on %s", (provider) => {
  let t: TestDatabase;
  const logged: string[] = [];
  const log = (line: string) => void logged.push(line);
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(() => t?.drop());

  const crashed = (id: string, attempts: number, maxAttempts: number) =>
    t.db.job.create({
      data: {
        queue: "crash",
        id,
        name: "work",
        data: {},
        runAt: new Date(0),
        status: "ACTIVE",
        attempts,
        maxAttempts,
        lockedBy: "dead-worker",
        lockedUntil: new Date(Date.now() - 1000),
      },
    });

  it("retakes a job whose worker died once its lease ran out", async () => {
    await crashed("half-done", 1, 3);
    const queue = createDatabaseQueue(t.db, "crash", { pollMs: 20, log });
    const ran: number[] = [];
    queue.process({
      work: async (_data, { attempt }) => void ran.push(attempt),
    });
    await expect
      .poll(async () => (await queue.getJob("half-done"))?.state)
      .toBe("completed");
    await queue.close();
    expect(ran).toEqual([2]);
  });

  it("does not run a job again when its worker died during the last attempt", async () => {
    await crashed("last-try", 2, 2);
    const queue = createDatabaseQueue(t.db, "crash", { pollMs: 20, log });
    const ran: string[] = [];
    queue.process({ work: async (_data, { id }) => void ran.push(id) });
    await expect
      .poll(async () => (await queue.getJob("last-try"))?.state)
      .toBe("failed");
    await queue.close();
    expect(ran).toEqual([]);
    expect((await queue.getJob("last-try"))?.lastError).toBe(
      "worker stopped during the last attempt",
    );
  });

  it("stops renewing the lease of a hung job at its time limit, and fails it", async () => {
    const queue = createDatabaseQueue(t.db, "hung", {
      pollMs: 20,
      leaseMs: 90,
      log,
    });
    queue.process(
      { work: () => new Promise<never>(() => {}) },
      { timeLimitMs: 300 },
    );
    await queue.enqueue("work", {}, { id: "hung" });
    const key = { queue_id: { queue: "hung", id: "hung" } };
    await expect
      .poll(async () => (await t.db.job.findUnique({ where: key }))?.status, {
        timeout: 5_000,
      })
      .toBe("FAILED");
    // The handler still hangs, yet nothing renews the row any more: it is free for the queue.
    const settled = await t.db.job.findUniqueOrThrow({ where: key });
    await new Promise((r) => setTimeout(r, 300));
    expect(await t.db.job.findUniqueOrThrow({ where: key })).toMatchObject({
      status: "FAILED",
      lockedBy: null,
      lockedUntil: null,
      updatedAt: settled.updatedAt,
    });
    await queue.close();
  });

  it("does not overwrite the outcome of a job another worker retook from it", async () => {
    const queue = createDatabaseQueue(t.db, "lost-lease", { pollMs: 20, log });
    let release!: () => void;
    queue.process({
      work: () => new Promise<void>((resolve) => (release = resolve)),
    });
    await queue.enqueue("work", {}, { id: "slow" });
    await expect
      .poll(async () => (await queue.getJob("slow"))?.state)
      .toBe("active");
    // As if this worker had stalled past its lease and another had claimed the job.
    const key = { queue_id: { queue: "lost-lease", id: "slow" } };
    await t.db.job.update({
      where: key,
      data: { lockedBy: "other-worker", attempts: 2 },
    });
    release();
    await queue.close();
    expect(await t.db.job.findUnique({ where: key })).toMatchObject({
      status: "ACTIVE",
      lockedBy: "other-worker",
    });
    expect(logged.at(-1)).toBe(
      "[jobs] work (id slow) try 1: lease lost to another worker, outcome not saved",
    );
  });
});
