// The database: SQLite by default (embedded, no setup), PostgreSQL when DATABASE_URL is a
// postgres URL. Both clients are generated from one data model (prisma/models.prisma), so the
// SQLite client's types describe either.
import { PrismaClient as SqliteClient } from "@trigger-map/prisma-sqlite";
import { PrismaClient as PostgresClient } from "@trigger-map/prisma-postgresql";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

import { DEFAULT_DATABASE_URL, databaseProvider } from "./db/provider";

export type Db = SqliteClient;
export { Prisma } from "@trigger-map/prisma-sqlite";
export type * from "@trigger-map/prisma-sqlite";

export function createDb(
  url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
): Db {
  if (databaseProvider(url) === "postgresql") {
    // Same generated API, other provider: the two clients differ only in their engine wiring.
    return new PostgresClient({
      adapter: new PrismaPg({ connectionString: url }),
    }) as unknown as Db;
  }
  return new SqliteClient({
    adapter: withPragmas(new PrismaBetterSQLite3({ url })),
  });
}

/**
 * Write-ahead logging with synchronous=NORMAL (Rails' SQLite defaults too): a commit appends to
 * the log without waiting for the disk, readers (the web process) do not wait for the writer
 * (the worker), and the database cannot corrupt. A power cut, not a crash of the app, may undo
 * the last moments of commits; run PostgreSQL where that matters. Set on the connection before
 * any query runs (a pragma cannot change inside a transaction).
 *
 * Transactions begin IMMEDIATE (Rails' default too), taking the write lock at once and waiting
 * their turn for it (the busy timeout). Prisma's adapter begins them DEFERRED: one that read and
 * then writes while another process (the worker) committed in between cannot wait, it fails at
 * once with SQLITE_BUSY_SNAPSHOT, and a storefront request answered 500.
 */
function withPragmas(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    await adapter.executeScript(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
    );
    // The adapter runs `BEGIN` through its better-sqlite3 connection (`client`), with no option to choose.
    const client = (
      adapter as unknown as { client?: { prepare(sql: string): unknown } }
    ).client;
    if (typeof client?.prepare !== "function")
      throw new Error(
        "Prisma's SQLite adapter changed: transactions cannot begin IMMEDIATE",
      );
    const prepare = client.prepare.bind(client);
    client.prepare = (sql) =>
      prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
    return adapter;
  };
  return factory;
}

declare global {
  // Survives Remix's dev reloads, so one process keeps one pool.
  var __triggerMapDb: Db | undefined;
}

const db: Db =
  globalThis.__triggerMapDb ?? (globalThis.__triggerMapDb = createDb());
export default db;

/**
 * A unique constraint refused the write. Checked by code, not class: each provider's client has
 * its own error classes.
 */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { code?: unknown }).code === "P2002"
  );
}

/** For interactive transactions: SQLite runs one writer at a time, so under a burst one may wait its turn. */
export const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

/**
 * Runs a transaction again when it lost a race: two events of a new person both create a contact
 * (one hits the unique key), or SQLite stayed locked past its busy timeout ("busy").
 * The retry reads afresh and finds what the winner wrote.
 */
export async function retryOnConflict<T>(
  work: () => Promise<T>,
  tries = 4,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= tries || !isConflict(error)) throw error;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.random() * 20 * attempt),
      );
    }
  }
}

function isConflict(error: unknown): boolean {
  const { code, message } = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
  };
  return (
    isUniqueViolation(error) ||
    code === "P2034" ||
    (typeof message === "string" &&
      /SQLITE_BUSY|database is locked/i.test(message))
  );
}
