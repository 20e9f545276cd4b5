// Which database a URL names. SQLite is the embedded default; PostgreSQL for production scale.
export type DbProvider = "sqlite" | "postgresql";

export const DEFAULT_DATABASE_URL = "file:./prisma/trigger-map.sqlite";

export function databaseProvider(url: string): DbProvider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(
    `DATABASE_URL must be a file: (SQLite) or postgres:// URL, got "${url.split(":")[0]}:..."`,
  );
}
