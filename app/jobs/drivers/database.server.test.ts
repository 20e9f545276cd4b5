// What only the database driver has to get right: a worker that dies mid-job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/support/databases";
import { createDatabaseQueue } from "./database.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase("sqlite");
});
afterAll(() => t?.drop());

const crashed = (id: string, attempts: number, maxAttempts: number) =>
  t.db.job.create({
    data: {
      queue: "crash", id, name: "work", data: {}, runAt: new Date(0), status: "ACTIVE",
      attempts, maxAttempts, lockedBy: "dead-worker", lockedUntil: new Date(Date.now() - 1000),
    },
  });

describe("the database job driver", () => {
  it("retakes a job whose worker died once its lease ran out", async () => {
    await crashed("half-done", 1, 3);
    const queue = createDatabaseQueue(t.db, "crash", { pollMs: 20 });
    const ran: number[] = [];
    queue.process({ work: async (_data, { attempt }) => void ran.push(attempt) });
    await expect.poll(async () => (await queue.getJob("half-done"))?.state).toBe("completed");
    await queue.close();
    expect(ran).toEqual([2]);
  });

  it("does not run a job again when its worker died during the last attempt", async () => {
    await crashed("last-try", 2, 2);
    const queue = createDatabaseQueue(t.db, "crash", { pollMs: 20 });
    const ran: string[] = [];
    queue.process({ work: async (_data, { id }) => void ran.push(id) });
    await expect.poll(async () => (await queue.getJob("last-try"))?.state).toBe("failed");
    await queue.close();
    expect(ran).toEqual([]);
    expect((await queue.getJob("last-try"))?.lastError).toBe("worker stopped during the last attempt");
  });
});
