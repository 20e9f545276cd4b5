// Runs once before all suites: builds the Remix server the HTTP tests start, and migrates one
// SQLite file and one PostgreSQL database as templates, so each suite's fresh database is a cheap
// copy instead of a new `prisma migrate deploy`.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createMigratedTemplates } from "./databases";

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplates: { sqlite: string; postgresql: string };
  }
}

export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, "../..");
  // The tests start the production server, so build as production (vitest sets NODE_ENV=test).
  execFileSync(path.join(root, "node_modules/.bin/remix"), ["build"], {
    cwd: root,
    stdio: "pipe",
    env: { ...process.env, NODE_ENV: "production" },
  });
  const templates = await createMigratedTemplates();
  project.provide("databaseTemplates", {
    sqlite: templates.sqlite,
    postgresql: templates.postgresql,
  });
  return templates.drop;
}
