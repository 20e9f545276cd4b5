#!/usr/bin/env node
// Writes the two provider schemas from prisma/models.prisma and runs Prisma's CLI for both.
//   write      write prisma/{sqlite,postgresql}/schema.prisma
//   check      exit 1 when the written schemas differ from what `write` would produce
//   generate   write, then `prisma generate` both clients (runs on npm install)
//   migration <name>   write, then add a migration for each provider (needs DATABASE_URL_POSTGRES
//              or a local PostgreSQL; see docs/ARCHITECTURE.md)
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const PROVIDERS = ["sqlite", "postgresql"];
const PLACEHOLDER_URL = { sqlite: "file:./unused.sqlite", postgresql: "postgresql://unused" };

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

const schemaPath = (provider) => join(root, "prisma", provider, "schema.prisma");

function write() {
  for (const provider of PROVIDERS) {
    mkdirSync(dirname(schemaPath(provider)), { recursive: true });
    writeFileSync(schemaPath(provider), schemaFor(provider));
  }
}

function prisma(provider, args) {
  execFileSync(join(root, "node_modules/.bin/prisma"), [...args, "--config", join(root, `prisma/${provider}/prisma.config.ts`)], {
    cwd: root,
    stdio: "inherit",
  });
}

const [command, ...rest] = process.argv.slice(2);
if (command === "write") write();
else if (command === "check") {
  const stale = PROVIDERS.filter((p) => !existsSync(schemaPath(p)) || readFileSync(schemaPath(p), "utf8") !== schemaFor(p));
  if (stale.length) {
    console.error(`Stale schema for ${stale.join(", ")}: run npm run db:schemas`);
    process.exit(1);
  }
} else if (command === "generate") {
  write();
  for (const provider of PROVIDERS) prisma(provider, ["generate"]);
} else if (command === "migration") {
  const name = rest[0];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("usage: npm run db:migration -- <snake_case_name>");
    process.exit(2);
  }
  write();
  execFileSync(join(root, "node_modules/.bin/tsx"), [join(root, "scripts/new-migration.ts"), name], { cwd: root, stdio: "inherit" });
} else if (command !== undefined) {
  console.error(`unknown command ${command}`);
  process.exit(2);
}
