// Fresh, migrated databases for tests: a temp SQLite file, or a new PostgreSQL database on the
// server TEST_POSTGRES_URL names (default: the local one .ci/run starts). Each is dropped after.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type Db } from "../../app/db.server";
import { migrateDatabase } from "../../app/db/migrate.server";
import type { DbProvider } from "../../app/db/provider";

export const PROVIDERS: DbProvider[] = ["sqlite", "postgresql"];

const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  provider: DbProvider;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** Creates an empty database of the provider, without migrating it. */
export async function createEmptyDatabase(provider: DbProvider): Promise<Omit<TestDatabase, "db">> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "tm-sqlite-"));
    return {
      provider,
      url: `file:${path.join(dir, "test.sqlite")}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `tm_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_URL} (set TEST_POSTGRES_URL, or run .ci/run which starts it): ${String(error)}`,
    );
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    provider,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A fresh database with every committed migration applied, and a client for it. */
export async function createTestDatabase(provider: DbProvider): Promise<TestDatabase> {
  const empty = await createEmptyDatabase(provider);
  await migrateDatabase(empty.url);
  const db = createDb(empty.url);
  return {
    ...empty,
    db,
    drop: async () => {
      await db.$disconnect();
      await empty.drop();
    },
  };
}
