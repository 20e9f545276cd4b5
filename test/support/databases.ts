// Fresh, migrated databases for tests: a temp SQLite file, or a new PostgreSQL database on the
// server TEST_POSTGRES_URL names (default: the local one .ci/run starts). Each is dropped after.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "../../app/db.server";
import { migrateDatabase } from "../../app/db/migrate.server";
import type { DbProvider } from "../../app/db/provider";
import { testPostgresUrl } from "../../scripts/test-postgres-url.mjs";

export const PROVIDERS: DbProvider[] = ["sqlite", "postgresql"];

const POSTGRES_URL = testPostgresUrl();

export interface TestDatabase {
  provider: DbProvider;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_URL} (set TEST_POSTGRES_URL, or run .ci/run which starts it): ${String(error)}`,
    );
  }
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates an empty database of the provider, without migrating it, or a copy of `template`
 * (a SQLite file path or a PostgreSQL database name).
 */
export async function createEmptyDatabase(
  provider: DbProvider,
  template?: string,
): Promise<Omit<TestDatabase, "db">> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "tm-sqlite-"));
    if (template) copyFileSync(template, path.join(dir, "test.sqlite"));
    return {
      provider,
      url: `file:${path.join(dir, "test.sqlite")}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `tm_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(
    `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`,
  );
  return {
    provider,
    url: databaseUrl(name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Migrated template databases for a whole test run (see global-setup.ts). */
export async function createMigratedTemplates() {
  const sqlite = await createEmptyDatabase("sqlite");
  await migrateDatabase(sqlite.url);
  const postgresql = await createEmptyDatabase("postgresql");
  await migrateDatabase(postgresql.url);
  return {
    sqlite: sqlite.url.slice("file:".length),
    postgresql: new URL(postgresql.url).pathname.slice(1),
    drop: async () => {
      await sqlite.drop();
      await postgresql.drop();
    },
  };
}

/** A fresh database with every committed migration applied, and a client for it. */
export async function createTestDatabase(
  provider: DbProvider,
): Promise<TestDatabase> {
  const empty = await createEmptyDatabase(
    provider,
    inject("databaseTemplates")[provider],
  );
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
