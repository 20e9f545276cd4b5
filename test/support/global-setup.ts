// Runs once before all suites: migrates one SQLite file and one PostgreSQL database as templates,
// so each suite's fresh database is a cheap copy instead of a new `prisma migrate deploy`.
import type { TestProject } from "vitest/node";
import { createMigratedTemplates } from "./databases";

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplates: { sqlite: string; postgresql: string };
  }
}

export default async function setup(project: TestProject) {
  const templates = await createMigratedTemplates();
  project.provide("databaseTemplates", { sqlite: templates.sqlite, postgresql: templates.postgresql });
  return templates.drop;
}
