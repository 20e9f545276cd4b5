// Every row of every table as text, for tests that prove a value is nowhere (redaction).
import { Prisma, type Db } from "../../app/db.server";

const MODELS = Object.values(Prisma.ModelName).map(
  (name) => name.charAt(0).toLowerCase() + name.slice(1),
);

export async function everything(db: Db): Promise<string> {
  const rows = await Promise.all(
    MODELS.map((model) =>
      (
        db[model as keyof Db] as unknown as { findMany(): Promise<unknown[]> }
      ).findMany(),
    ),
  );
  return JSON.stringify(rows, (_key, value) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}
