// Prisma CLI config for the PostgreSQL schema: the JS engine with the pg driver adapter runs
// offline (no engine binary to download). Uses DATABASE_URL (a postgres:// URL).
import path from "node:path";
import pg from "pg";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The wasm schema engine reads PostgreSQL's catalog, whose `name`, `"char"`, oidvector... columns
// the pg adapter cannot deserialize ("Column type 'name' could not be deserialized"). They are
// plain text on the wire, so relabel them as `text` before the adapter looks.
const CATALOG_TEXT_OIDS = new Set([18, 19, 22, 24, 30, 194, 1033, 2205]);
const TEXT_OID = 25;

function relabel(result: pg.QueryResult | undefined) {
  for (const field of result?.fields ?? []) {
    if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  }
}

class CatalogTextClient extends pg.Client {
  // @ts-expect-error pg's overloads cannot be re-declared; this passes every form through.
  override query(...args: Parameters<pg.Client["query"]>) {
    const callback = args.findIndex((a) => typeof a === "function");
    if (callback >= 0) {
      const done = args[callback] as (err: Error | null, result?: pg.QueryResult) => void;
      args[callback] = ((err: Error | null, result?: pg.QueryResult) => {
        relabel(result);
        done(err, result);
      }) as never;
      return super.query(...args);
    }
    const pending = super.query(...args) as unknown as Promise<pg.QueryResult>;
    return pending.then((result) => (relabel(result), result));
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  adapter: async () =>
    new PrismaPg({
      connectionString: process.env.DATABASE_URL,
      // pg types the option as a constructor without arguments; ours forwards them unchanged.
      Client: CatalogTextClient as unknown as new () => pg.Client,
      // The CLI would otherwise wait out the pool's 10 s idle timeout before exiting.
      allowExitOnIdle: true,
      idleTimeoutMillis: 100,
    }),
});
