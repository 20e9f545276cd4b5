// Runs `prisma migrate deploy` for the provider DATABASE_URL names. Prisma's CLI is offline-safe
// here because each provider's prisma.config.ts uses the JS engine with a driver adapter.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { databaseProvider } from "./provider";

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);

export async function migrateDatabase(url: string): Promise<void> {
  const provider = databaseProvider(url);
  await promisify(execFile)(
    path.join(root, "node_modules/.bin/prisma"),
    [
      "migrate",
      "deploy",
      "--config",
      path.join(root, `prisma/${provider}/prisma.config.ts`),
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: url } },
  );
}
