// Applies the committed migrations to DATABASE_URL (SQLite file or PostgreSQL) with Prisma's CLI.
import { requireRecentNode } from "./node-version.mjs";

// Before the database modules load: better-sqlite3 crashes an older Node as it loads.
requireRecentNode();
const { migrateDatabase } = await import("../app/db/migrate.server");
const { DEFAULT_DATABASE_URL } = await import("../app/db/provider");

await migrateDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
