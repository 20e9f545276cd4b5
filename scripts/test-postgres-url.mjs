// The PostgreSQL server the tests and the Prisma CLI use: TEST_POSTGRES_URL, else the local
// server a fresh machine of ours runs. One place, read by test-machine.mjs, prisma-schemas.mjs and
// test/support/databases.ts.
export const DEFAULT_TEST_POSTGRES_URL =
  "postgresql://postgres@127.0.0.1:5432/postgres";

export function testPostgresUrl(env = process.env) {
  return env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
}
