// Deleting many rows without holding the database: a few thousand rows a statement, each its own
// short transaction, so on SQLite (one writer at a time) every shop's webhooks get the lock between
// two batches, and on PostgreSQL no transaction grows with the data. Deleting is idempotent: a
// batch that ran twice, or after a crash, deletes what is left.
import type { Db, Prisma } from "../db.server";

/** Rows per batch: a few thousand, each batch a few tens of milliseconds. */
export const BATCH_SIZE = 2_000;

interface Where {
  conversion: Prisma.ConversionWhereInput;
  orderRefund: Prisma.OrderRefundWhereInput;
  delivery: Prisma.DeliveryWhereInput;
  scenarioRun: Prisma.ScenarioRunWhereInput;
  contactEvent: Prisma.ContactEventWhereInput;
  cart: Prisma.CartWhereInput;
  discountCode: Prisma.DiscountCodeWhereInput;
  chatReply: Prisma.ChatReplyWhereInput;
  customerDataExport: Prisma.CustomerDataExportWhereInput;
  contactVisitor: Prisma.ContactVisitorWhereInput;
  pushSubscription: Prisma.PushSubscriptionWhereInput;
  contact: Prisma.ContactWhereInput;
  emailSuppression: Prisma.EmailSuppressionWhereInput;
  scenarioVersion: Prisma.ScenarioVersionWhereInput;
  scenario: Prisma.ScenarioWhereInput;
}
export type Table = keyof Where;

/** The rows of one table to delete, read afresh for every batch. */
export type Step = { [T in Table]: { table: T; where: Where[T] } }[Table];

// Every table here has a string id; the delegates' generic signatures do not unify across
// tables, so they are seen through this one shape.
interface Rows {
  findMany(args: {
    where: object;
    select: { id: true };
    take: number;
  }): Promise<{ id: string }[]>;
  deleteMany(args: {
    where: { id: { in: string[] } };
  }): Prisma.PrismaPromise<{ count: number }>;
}
const rows = (db: Db, table: Table) => db[table] as unknown as Rows;

/** Ids per statement: Prisma's SQLite driver takes 999 parameters at most. */
const IDS_PER_STATEMENT = 500;

/** Deletes up to `size` rows of the step by id, in one transaction. Returns how many it found (0: the step is done). */
export async function deleteBatch(
  db: Db,
  step: Step,
  size = BATCH_SIZE,
): Promise<number> {
  const ids = (
    await rows(db, step.table).findMany({
      where: step.where,
      select: { id: true },
      take: size,
    })
  ).map((r) => r.id);
  const statements: Prisma.PrismaPromise<{ count: number }>[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    statements.push(
      rows(db, step.table).deleteMany({
        where: { id: { in: ids.slice(i, i + IDS_PER_STATEMENT) } },
      }),
    );
  }
  if (statements.length) await db.$transaction(statements);
  return ids.length;
}

export interface BatchOptions {
  size?: number;
  /** Past this (performance.now()), no new batch starts (one always runs): the caller re-queues the rest. */
  deadline?: number;
  /** After each batch that deleted rows (tests hook here to show the database is free between batches). */
  afterBatch?: (table: Table, count: number) => Promise<void>;
}

/**
 * Runs the steps in order, each batch by batch until it finds nothing. Returns false when the
 * deadline came first (run it again to go on: what is gone stays gone).
 */
export async function deleteInBatches(
  db: Db,
  steps: Step[],
  options: BatchOptions = {},
): Promise<boolean> {
  for (const step of steps) {
    for (;;) {
      const count = await deleteBatch(db, step, options.size);
      if (count === 0) break;
      await options.afterBatch?.(step.table, count);
      // Checked after a batch, so every run moves on by one at least.
      if (
        options.deadline !== undefined &&
        performance.now() > options.deadline
      )
        return false;
    }
  }
  return true;
}
