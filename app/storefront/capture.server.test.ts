// An email left on the storefront while another process writes, on both databases: the shopper
// gets their answer, not a 500, and the contact is one. Another process acts after the capture's
// transaction read and before it writes: on PostgreSQL it creates the same contact (the unique key
// refuses the capture's, which runs again and joins it); on SQLite it cannot commit at all then
// (the transaction holds the write lock from its start), where before the worker's commit made
// the capture fail with SQLITE_BUSY_SNAPSHOT.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb, type Db } from "../db.server";
import type { EventLog } from "../events/ingest.server";
import type { JobQueue } from "../jobs/types";
import type { AdminGraphql } from "../shopify/admin-graphql";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import { SANDBOX_APP } from "../../sandbox/config";
import { captureEmail } from "./capture.server";

// Shopify knows no customer with the email, then creates one.
const graphql: AdminGraphql = async (query) =>
  Response.json(
    query.includes("customerCreate")
      ? {
          data: {
            customerCreate: {
              customer: { id: "gid://shopify/Customer/501" },
              userErrors: [],
            },
          },
        }
      : { data: { customers: { nodes: [] } } },
  );
const events = { storefront: async () => "stored" } as unknown as EventLog;
// A new address sends no confirmation: nothing is queued.
const queue = {
  enqueue: async () => {
    throw new Error("nothing should be queued");
  },
} as unknown as JobQueue;

/** The database as captureEmail sees it, with `race` run just before its transaction's first contact.create. */
function racedDb(db: Db, race: () => Promise<unknown>) {
  const counts = { transactions: 0, races: 0 };
  const wrap = <T extends object>(
    target: T,
    get: (target: T, key: string | symbol) => unknown,
  ) => new Proxy(target, { get: (t, key) => get(t, key) });
  const raced = wrap(db, (target, key) => {
    if (key !== "$transaction") return Reflect.get(target, key);
    return (work: (tx: Db) => Promise<unknown>, options?: object) =>
      target.$transaction((tx) => {
        counts.transactions++;
        const contact = wrap(tx.contact, (delegate, name) => {
          if (name !== "create") return Reflect.get(delegate, name);
          return async (args: Parameters<Db["contact"]["create"]>[0]) => {
            if (counts.races++ === 0) await race();
            return delegate.create(args);
          };
        });
        return work(
          wrap(tx, (t, name) =>
            name === "contact" ? contact : Reflect.get(t, name),
          ) as Db,
        );
      }, options);
  });
  return { db: raced, counts };
}

describe.each(PROVIDERS)(
  "an email captured while another process writes, on %s",
  (provider) => {
    let t: TestDatabase;
    let other: Db;
    beforeAll(async () => {
      // The opt-out check keys an address's hash as the web process does.
      vi.stubEnv("TRIGGER_MAP_ENCRYPTION_KEY", SANDBOX_APP.encryptionKey);
      t = await createTestDatabase(provider);
      // Another process: its own connection (on SQLite, one client's queries share one connection).
      other = createDb(t.url);
    });
    afterAll(async () => {
      await other?.$disconnect();
      await t?.drop();
    });

    it("never loses to a write in the middle of its transaction: the contact is one, linked, subscribed", async () => {
      const shop = await t.db.shop.create({
        data: { domain: "race.myshopify.com", settings: {} },
      });
      const { db, counts } = racedDb(t.db, async () => {
        if (provider === "postgresql")
          return other.contact.create({
            data: { shopId: shop.id, email: "ann@example.com", tags: [] },
          });
        // A connection that would wait its turn (a zero busy timeout, so this test does not wait) is refused.
        const worker = new Database(t.url.slice("file:".length), {
          timeout: 0,
        });
        try {
          expect(() => worker.exec("BEGIN IMMEDIATE")).toThrow(
            "database is locked",
          );
        } finally {
          if (worker.inTransaction) worker.exec("ROLLBACK");
          worker.close();
        }
      });

      const result = await captureEmail(
        { db, events, graphql, queue },
        shop.id,
        { visitorId: "browser-ann", email: "Ann@Example.com" },
      );

      expect(result).toEqual({ status: "subscribed", code: null });
      // PostgreSQL ran the transaction again after the unique key refused it; SQLite once.
      expect(counts).toEqual({
        transactions: provider === "postgresql" ? 2 : 1,
        races: 1,
      });
      const contacts = await t.db.contact.findMany({
        where: { shopId: shop.id },
        include: { visitors: true },
      });
      expect(contacts).toHaveLength(1);
      expect(contacts[0]).toMatchObject({
        email: "ann@example.com",
        shopifyCustomerId: "501",
        emailConsent: "SUBSCRIBED",
      });
      expect(contacts[0]!.visitors.map((v) => v.visitorId)).toEqual([
        "browser-ann",
      ]);
    });
  },
);
