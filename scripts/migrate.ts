// Applies the committed migrations to DATABASE_URL (SQLite file or PostgreSQL) with Prisma's CLI.
import { migrateDatabase } from "../app/db/migrate.server";
import { DEFAULT_DATABASE_URL } from "../app/db/provider";

await migrateDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
