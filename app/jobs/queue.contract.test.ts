// One contract for every job driver: bull on a real Redis, and the database on SQLite and PostgreSQL.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../test/support/databases";
import { startRedis, type TestRedis } from "../../test/support/redis";
import { createJobQueue } from "./index.server";
import type { JobQueue } from "./types";

const backends = [
  { name: "bull on Redis", redis: true, provider: "sqlite" as const },
  { name: "the database on SQLite", redis: false, provider: "sqlite" as const },
  {
    name: "the database on PostgreSQL",
    redis: false,
    provider: "postgresql" as const,
  },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(20);
  }
}

describe.each(backends)("jobs on $name", ({ redis, provider }) => {
  let database: TestDatabase;
  let redisServer: TestRedis | undefined;
  const queues: JobQueue[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    if (redis) redisServer = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(queues.map((q) => q.close()));
    await database?.drop();
    await redisServer?.stop();
  });

  /** What the queues reported, kept off the test output. */
  let logged: string[] = [];

  /** Queue instances sharing one backend queue, as separate worker processes would. */
  function queuesFor(count: number): JobQueue[] {
    const queueName = `test-${randomUUID()}`;
    const made = Array.from({ length: count }, () =>
      createJobQueue({
        db: database.db,
        redisUrl: redisServer?.url ?? "", // "": the database, even when REDIS_URL is set.
        queueName,
        log: (line) => logged.push(line),
        bull: { prefix: redisServer?.prefix },
        database: { pollMs: 20 },
      }),
    );
    queues.push(...made);
    return made;
  }

  it("runs a delayed job no sooner than its delay", async () => {
    const [queue] = queuesFor(1);
    let ranAt = 0;
    queue.process({ ping: async () => void (ranAt = Date.now()) });
    const enqueuedAt = Date.now();
    await queue.enqueue("ping", {}, { delayMs: 300 });
    await until(() => ranAt > 0);
    expect(ranAt - enqueuedAt).toBeGreaterThanOrEqual(290);
  });

  it("runs a job enqueued twice under one id once", async () => {
    const [queue] = queuesFor(1);
    const seen: unknown[] = [];
    const first = await queue.enqueue(
      "record",
      { n: 1 },
      { id: "order-1:email" },
    );
    const second = await queue.enqueue(
      "record",
      { n: 2 },
      { id: "order-1:email" },
    );
    expect([first.created, second.created]).toEqual([true, false]);
    queue.process({ record: async (data) => void seen.push(data) });
    await until(
      async () => (await queue.getJob("order-1:email"))?.state === "completed",
    );
    expect(
      await queue.enqueue("record", { n: 3 }, { id: "order-1:email" }),
    ).toMatchObject({ created: false });
    await sleep(100);
    expect(seen).toEqual([{ n: 1 }]);
  });

  it("tells exactly one of several simultaneous enqueues of one id that it created the job", async () => {
    const [queue] = queuesFor(1);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, n) =>
        queue.enqueue("record", { n }, { id: "cart-7" }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it("retries a failing job with backoff, then marks it failed with the last error", async () => {
    const [queue] = queuesFor(1);
    const tries: number[] = [];
    queue.process({
      flaky: async (_data, { attempt }) => {
        tries.push(Date.now());
        throw new Error(`provider timeout on try ${attempt}`);
      },
    });
    const { id } = await queue.enqueue(
      "flaky",
      {},
      { attempts: 3, backoffMs: 100 },
    );
    await until(async () => (await queue.getJob(id))?.state === "failed");
    const job = await queue.getJob(id);
    expect(tries).toHaveLength(3);
    expect(job?.lastError).toBe("provider timeout on try 3");
    expect(tries[1] - tries[0]).toBeGreaterThanOrEqual(90);
    expect(tries[2] - tries[1]).toBeGreaterThanOrEqual(190);
  });

  it("reports each failed try with the job's name, id, attempt and error, never its data", async () => {
    const [queue] = queuesFor(1);
    logged = [];
    queue.process({
      "email.send": async () => {
        throw new Error("mailbox full");
      },
    });
    const { id } = await queue.enqueue(
      "email.send",
      { email: "ada@example.com" },
      { attempts: 2, backoffMs: 10 },
    );
    await until(() => logged.length === 2);
    expect(logged).toEqual([
      `[jobs] email.send (id ${id}) failed on try 1 of 2: mailbox full; retrying in 10 ms`,
      `[jobs] email.send (id ${id}) failed on try 2 of 2: mailbox full; giving up`,
    ]);
  });

  it("fails a job that has no handler with a clear error", async () => {
    const [queue] = queuesFor(1);
    queue.process({});
    const { id } = await queue.enqueue("nobody.handles.this", {});
    await until(async () => (await queue.getJob(id))?.state === "failed");
    expect((await queue.getJob(id))?.lastError).toMatch(
      /No handler for job "nobody.handles.this"/,
    );
  });

  it("shares jobs between two consumers so that each job runs exactly once", async () => {
    const [a, b] = queuesFor(2);
    const runs = new Map<number, string[]>();
    const handler = (who: string) => async (data: unknown) => {
      const n = (data as { n: number }).n;
      runs.set(n, [...(runs.get(n) ?? []), who]);
      await sleep(5);
    };
    a.process({ work: handler("a") }, { concurrency: 2 });
    b.process({ work: handler("b") }, { concurrency: 2 });
    await Promise.all(
      Array.from({ length: 40 }, (_, n) => a.enqueue("work", { n })),
    );
    await until(() => runs.size === 40);
    await sleep(200);
    expect([...runs.values()].every((who) => who.length === 1)).toBe(true);
    expect(new Set([...runs.values()].flat()).size).toBe(2);
  });

  it("fails a job past its time limit like any failure, frees its slot, and retries it", async () => {
    const [queue] = queuesFor(1);
    const ran: string[] = [];
    let aborted = false;
    // One slot: the hung first try must give it up for the other job and the retry to run.
    queue.process(
      {
        hang: async (_data, { attempt, signal }) => {
          ran.push(`hang ${attempt}`);
          if (attempt === 1) {
            signal.addEventListener("abort", () => (aborted = true));
            await new Promise<never>(() => {}); // a call that never answers
          }
        },
        quick: async () => void ran.push("quick"),
      },
      { concurrency: 1, timeLimitMs: 300 },
    );
    const hung = await queue.enqueue(
      "hang",
      {},
      { attempts: 2, backoffMs: 10 },
    );
    await until(() => ran.length > 0);
    const other = await queue.enqueue("quick", {});
    await until(
      async () => (await queue.getJob(other.id))?.state === "completed",
    );
    await until(
      async () => (await queue.getJob(hung.id))?.state === "completed",
    );
    expect(ran).toEqual(expect.arrayContaining(["hang 1", "quick", "hang 2"]));
    expect(aborted).toBe(true);
    expect(logged).toContain(
      `[jobs] hang (id ${hung.id}) failed on try 1 of 2: time limit of 0.3 s reached; retrying in 10 ms`,
    );
  });

  it("closes without waiting for a hung job past its time limit", async () => {
    const [queue, reader] = queuesFor(2);
    let started = false;
    queue.process(
      {
        hang: () => {
          started = true;
          return new Promise<never>(() => {});
        },
      },
      { timeLimitMs: 300 },
    );
    const { id } = await queue.enqueue("hang", {});
    await until(() => started);
    await queue.close();
    expect(await reader.getJob(id)).toMatchObject({
      state: "failed",
      lastError: "time limit of 0.3 s reached",
    });
  });

  it("waits for the active job when closed", async () => {
    const [queue] = queuesFor(1);
    let finished = false;
    let started = false;
    queue.process({
      slow: async () => {
        started = true;
        await sleep(300);
        finished = true;
      },
    });
    await queue.enqueue("slow", {});
    await until(() => started);
    await queue.close();
    expect(finished).toBe(true);
  });
});
