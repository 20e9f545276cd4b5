// The worker for HTTP tests: consumes the app's database queue with the real handlers, on a
// clock the test moves forward (abandonment windows, waits) without sleeping.
import type { Db } from "../../app/db.server";
import { createDatabaseQueue } from "../../app/jobs/drivers/database.server";
import { jobHandlers } from "../../app/jobs/handlers.server";
import { DEFAULT_QUEUE } from "../../app/jobs/index.server";
import type { JobQueue } from "../../app/jobs/types";
import type { SendServices } from "../../app/deliveries/send.server";
import { linkKeysFromEnv } from "../../app/security/link-keys.server";
import { createDispatcher } from "../../app/runs/scheduler.server";

export interface TestWorker {
  queue: JobQueue;
  now(): Date;
  advance(ms: number): void;
  /** Waits until no job is due or running. */
  drain(timeoutMs?: number): Promise<void>;
  /** Jobs that gave up, with why (the error's last line: Prisma's are long). */
  failures(): Promise<
    { id: string; name: string; status: string; error: string }[]
  >;
  close(): Promise<void>;
}

/** A worker with no Shopify and no email provider: emails and codes fail as for an unconnected shop. */
const UNCONNECTED: SendServices = {
  adminFor: async () => null,
  emailProviderFor: async () => null,
  links: linkKeysFromEnv({
    TRIGGER_MAP_LINK_KEYS: Buffer.alloc(32, 1).toString("base64"),
    TRIGGER_MAP_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString("base64"),
  }),
  appUrl: "https://app.example",
};

export function startTestWorker(
  db: Db,
  services: SendServices = UNCONNECTED,
): TestWorker {
  // Real time plus what the test skipped: jobs the app enqueues "now" are due at once.
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const queue = createDatabaseQueue(db, DEFAULT_QUEUE, {
    pollMs: 10,
    now,
    log: () => {},
  });
  queue.process(
    jobHandlers(db, queue, now, async () => services),
    { concurrency: 4 },
  );
  // As the worker's: the waits due soon on the moved clock go to the queue (each drain step).
  const dispatcher = createDispatcher(db, queue, { now });
  const busy = () =>
    db.job.count({
      // A job waiting to retry counts too: its backoff is short, and its outcome matters.
      where: {
        queue: DEFAULT_QUEUE,
        OR: [
          { status: "ACTIVE" },
          {
            status: "WAITING",
            OR: [{ runAt: { lte: now() } }, { attempts: { gt: 0 } }],
          },
        ],
      },
    });
  return {
    queue,
    now,
    advance: (ms) => void (offset += ms),
    async drain(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let idle = 0;
      while (idle < 3) {
        if (Date.now() > deadline)
          throw new Error(`jobs still due after ${timeoutMs} ms`);
        const handedOver = await dispatcher.tick();
        idle = handedOver === 0 && (await busy()) === 0 ? idle + 1 : 0;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    failures: async () => {
      const jobs = await db.job.findMany({
        where: {
          queue: DEFAULT_QUEUE,
          lastError: { not: null },
          status: "FAILED",
        },
      });
      return jobs.map((j) => ({
        id: j.id,
        name: j.name,
        status: j.status,
        error: j.lastError!.trim().split("\n").at(-1)!.slice(0, 300),
      }));
    },
    close: () => queue.close(),
  };
}
