// The two provider schemas are generated from prisma/models.prisma, and each provider's committed
// migrations must build exactly the database its schema describes.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrateDatabase } from "../../app/db/migrate.server";
import type { DbProvider } from "../../app/db/provider";
import { PROVIDERS, createEmptyDatabase } from "../support/databases";

const root = path.resolve(import.meta.dirname, "../..");

function schemaSql(provider: DbProvider, url: string): string {
  return execFileSync(
    path.join(root, "node_modules/.bin/prisma"),
    [
      "migrate",
      "diff",
      "--config",
      `prisma/${provider}/prisma.config.ts`,
      "--from-empty",
      "--to-schema-datamodel",
      `prisma/${provider}/schema.prisma`,
      "--script",
    ],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

/**
 * A CREATE TABLE with its column and constraint definitions sorted: SQLite's ALTER TABLE ADD
 * COLUMN appends, so a migrated table lists a later column last; the order means nothing.
 */
function unordered(sql: string): string {
  const open = sql.indexOf("(");
  if (!sql.startsWith("CREATE TABLE") || open < 0) return sql;
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of sql.slice(open + 1, sql.lastIndexOf(")"))) {
    if (char === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
      continue;
    }
    if (char === "(") depth++;
    if (char === ")") depth--;
    current += char;
  }
  parts.push(current.trim());
  return `${sql.slice(0, open)}( ${parts.sort().join(", ")} )`;
}

async function catalog(provider: DbProvider, url: string): Promise<string[]> {
  if (provider === "sqlite") {
    const db = new Database(url.slice("file:".length), { readonly: true });
    const rows = db
      .prepare(
        `SELECT type, name, sql FROM sqlite_master
         WHERE name NOT LIKE '_prisma%' AND name NOT LIKE 'sqlite_%' ORDER BY type, name`,
      )
      .all() as { type: string; name: string; sql: string | null }[];
    db.close();
    return rows.map(
      (r) =>
        `${r.type} ${r.name}: ${unordered((r.sql ?? "").replace(/\s+/g, " "))}`,
    );
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const q = async (sql: string) =>
    (await client.query(sql)).rows.map((r) => Object.values(r).join(" | "));
  const result = [
    ...(await q(`SELECT table_name::text, column_name::text, data_type::text, udt_name::text, is_nullable::text,
                  coalesce(column_default, '')::text FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`)),
    ...(await q(`SELECT indexname::text, indexdef::text FROM pg_indexes
                WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`)),
    ...(await q(`SELECT conrelid::regclass::text, conname::text, pg_get_constraintdef(oid)::text FROM pg_constraint
                WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1, 2`)),
    ...(await q(`SELECT t.typname::text, string_agg(e.enumlabel::text, ',' ORDER BY e.enumsortorder) FROM pg_type t
                JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY 1`)),
  ];
  await client.end();
  return result;
}

async function execSql(
  provider: DbProvider,
  url: string,
  sql: string,
): Promise<void> {
  if (provider === "sqlite") {
    const db = new Database(url.slice("file:".length));
    db.exec(sql);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql);
  await client.end();
}

describe("the data model", () => {
  it("has provider schemas generated from prisma/models.prisma", () => {
    expect(() =>
      execFileSync("node", ["scripts/prisma-schemas.mjs", "check"], {
        cwd: root,
        stdio: "pipe",
      }),
    ).not.toThrow();
  });

  it.each(PROVIDERS)(
    "has a %s migration for every schema change (npm run db:migration)",
    (provider) => {
      const schema = readFileSync(
        path.join(root, `prisma/${provider}/schema.prisma`),
        "utf8",
      );
      const migrated = readFileSync(
        path.join(root, `prisma/${provider}/migrated.prisma`),
        "utf8",
      );
      expect(migrated).toBe(schema);
    },
  );

  it.each(PROVIDERS)(
    "builds the same %s database from its migrations as from its schema",
    async (provider) => {
      const fromMigrations = await createEmptyDatabase(provider);
      const fromSchema = await createEmptyDatabase(provider);
      try {
        await migrateDatabase(fromMigrations.url);
        await execSql(
          provider,
          fromSchema.url,
          schemaSql(provider, fromSchema.url),
        );
        const expected = await catalog(provider, fromSchema.url);
        expect(expected.length).toBeGreaterThan(20);
        expect(await catalog(provider, fromMigrations.url)).toEqual(expected);
      } finally {
        await fromMigrations.drop();
        await fromSchema.drop();
      }
    },
  );
});
