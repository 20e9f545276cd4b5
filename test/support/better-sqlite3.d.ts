// The few calls the tests make on better-sqlite3 (a dependency of Prisma's SQLite adapter that
// ships no types of its own).
declare module "better-sqlite3" {
  interface Statement {
    all(...params: unknown[]): unknown[];
    get(...params: unknown[]): unknown;
  }
  class Database {
    constructor(
      filename: string,
      options?: { readonly?: boolean; timeout?: number },
    );
    readonly inTransaction: boolean;
    prepare(sql: string): Statement;
    exec(sql: string): this;
    close(): void;
  }
  export default Database;
}
