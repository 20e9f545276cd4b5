#!/usr/bin/env node
// Writes the two provider schemas from prisma/models.prisma and runs Prisma's CLI for both.
//   write      write prisma/{sqlite,postgresql}/schema.prisma
//   check      exit 1 when the written schemas differ from what `write` would produce
//   generate   write, then `prisma generate` both clients (runs on npm install)
//   ensure     generate only the clients that are missing or stale (before test, start, sandbox)
//   migration <name>   write, then add a migration for each provider that changed
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { requireRecentNode } from "./node-version.mjs";
import { testPostgresUrl } from "./test-postgres-url.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const PROVIDERS = ["sqlite", "postgresql"];
const PLACEHOLDER_URL = {
  sqlite: "file:./unused.sqlite",
  postgresql: "postgresql://unused",
};
const CLI_URL = {
  sqlite: "file:./prisma/cli-scratch.sqlite",
  postgresql: testPostgresUrl(),
};

export function schemaFor(provider) {
  const models = readFileSync(join(root, "prisma/models.prisma"), "utf8");
  return `// GENERATED from prisma/models.prisma by scripts/prisma-schemas.mjs. Do not edit.

generator client {
  provider        = "prisma-client-js"
  engineType      = "client"
  output          = "../../node_modules/@trigger-map/prisma-${provider}"
}

// Connections come from driver adapters (app/db.server.ts, prisma.config.ts): this url is a
// placeholder Prisma 6 requires, never used to connect.
datasource db {
  provider = "${provider}"
  url      = "${PLACEHOLDER_URL[provider]}"
}

${models}`;
}

const schemaPath = (provider) =>
  join(root, "prisma", provider, "schema.prisma");

function write() {
  for (const provider of PROVIDERS) {
    mkdirSync(dirname(schemaPath(provider)), { recursive: true });
    writeFileSync(schemaPath(provider), schemaFor(provider));
  }
}

// migrated.prisma is the datamodel the committed migrations produce: the next migration is the
// diff from it to the current schema (Prisma's own --from-migrations needs a shadow database,
// which the offline engine cannot create).
const migratedPath = (provider) =>
  join(root, "prisma", provider, "migrated.prisma");

function addMigration(provider, name, stamp) {
  const from = existsSync(migratedPath(provider))
    ? ["--from-schema-datamodel", migratedPath(provider)]
    : ["--from-empty"];
  const sql = prisma(
    provider,
    [
      "migrate",
      "diff",
      ...from,
      "--to-schema-datamodel",
      schemaPath(provider),
      "--script",
    ],
    "pipe",
  );
  if (!/^\s*[A-Z]/m.test(sql)) {
    // Nothing in the database changes (a rename kept by @@map, a comment): the migrations
    // already build this schema, so it becomes the one they are diffed from next.
    writeFileSync(
      migratedPath(provider),
      readFileSync(schemaPath(provider), "utf8"),
    );
    console.log(`${provider}: no change to the database`);
    return;
  }
  const dir = join(root, "prisma", provider, "migrations", `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), sql);
  const lock = join(
    root,
    "prisma",
    provider,
    "migrations",
    "migration_lock.toml",
  );
  if (!existsSync(lock)) writeFileSync(lock, `provider = "${provider}"\n`);
  writeFileSync(
    migratedPath(provider),
    readFileSync(schemaPath(provider), "utf8"),
  );
  console.log(`${provider}: wrote ${dir}`);
}

const stampPath = (provider) =>
  join(
    root,
    "node_modules/@trigger-map",
    `prisma-${provider}`,
    ".schema-sha256",
  );
const schemaHash = (provider) =>
  createHash("sha256").update(schemaFor(provider)).digest("hex");

function generate(provider) {
  prisma(provider, ["generate"]);
  writeFileSync(stampPath(provider), schemaHash(provider));
}

function prisma(provider, args, stdio = "inherit") {
  return execFileSync(
    join(root, "node_modules/.bin/prisma"),
    [...args, "--config", join(root, `prisma/${provider}/prisma.config.ts`)],
    {
      cwd: root,
      stdio: stdio === "pipe" ? ["ignore", "pipe", "inherit"] : "inherit",
      encoding: "utf8",
      // The CLI connects through the adapter even for a pure schema diff: PostgreSQL needs a server.
      env: { ...process.env, DATABASE_URL: CLI_URL[provider] },
    },
  );
}

const [command, ...rest] = process.argv.slice(2);
if (command === "write") write();
else if (command === "check") {
  const stale = PROVIDERS.filter(
    (p) =>
      !existsSync(schemaPath(p)) ||
      readFileSync(schemaPath(p), "utf8") !== schemaFor(p),
  );
  if (stale.length) {
    console.error(
      `Stale schema for ${stale.join(", ")}: run npm run db:schemas`,
    );
    process.exit(1);
  }
} else if (command === "generate") {
  write();
  for (const provider of PROVIDERS) generate(provider);
} else if (command === "ensure") {
  requireRecentNode();
  // The clients live in node_modules, which `npm install <package>` prunes: regenerate a client
  // that is missing or was generated from another schema.
  write();
  for (const provider of PROVIDERS) {
    const stamp = stampPath(provider);
    if (
      !existsSync(stamp) ||
      readFileSync(stamp, "utf8") !== schemaHash(provider)
    )
      generate(provider);
  }
} else if (command === "migration") {
  const name = rest[0];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("usage: npm run db:migration -- <snake_case_name>");
    process.exit(2);
  }
  write();
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const provider of PROVIDERS) addMigration(provider, name, stamp);
} else if (command !== undefined) {
  console.error(`unknown command ${command}`);
  process.exit(2);
}
