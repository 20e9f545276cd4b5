// The session cache: repeated reads within the TTL cost one read; writes and uninstall drop it.
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { describe, expect, it } from "vitest";
import { CachedSessionStorage } from "./session-storage.server";

function counting() {
  const sessions = new Map<string, Session>();
  const reads = { count: 0 };
  const inner: SessionStorage = {
    loadSession: async (id) => (reads.count++, sessions.get(id)),
    storeSession: async (s) => (sessions.set(s.id, s), true),
    deleteSession: async (id) => sessions.delete(id),
    deleteSessions: async (ids) => (
      ids.forEach((id) => sessions.delete(id)),
      true
    ),
    findSessionsByShop: async (shop) =>
      [...sessions.values()].filter((s) => s.shop === shop),
  };
  return { inner, sessions, reads };
}

const session = (shop: string) =>
  new Session({
    id: `offline_${shop}`,
    shop,
    state: "",
    isOnline: false,
    accessToken: "shpat_1",
  });

describe("CachedSessionStorage", () => {
  it("answers repeated reads from memory, misses included", async () => {
    const { inner, reads } = counting();
    const cached = new CachedSessionStorage(inner);
    expect(await cached.loadSession("offline_a.myshopify.com")).toBeUndefined();
    expect(await cached.loadSession("offline_a.myshopify.com")).toBeUndefined();
    expect(reads.count).toBe(1);
  });

  it("reads a session close to expiry afresh: another process may have refreshed it", async () => {
    const { inner, reads } = counting();
    const cached = new CachedSessionStorage(inner);
    const expiring = session("b.myshopify.com");
    expiring.expires = new Date(Date.now() + 4 * 60_000);
    await inner.storeSession(expiring);
    await cached.loadSession(expiring.id);
    await cached.loadSession(expiring.id);
    expect(reads.count).toBe(2);
  });

  it("drops an entry when this process stores or deletes it, or the shop is uninstalled", async () => {
    const { inner, sessions, reads } = counting();
    const cached = new CachedSessionStorage(inner);
    await cached.loadSession("offline_a.myshopify.com");
    await cached.storeSession(session("a.myshopify.com"));
    expect(
      (await cached.loadSession("offline_a.myshopify.com"))?.accessToken,
    ).toBe("shpat_1");
    sessions.clear(); // as app/uninstalled does, behind the storage's back
    cached.forgetShop("a.myshopify.com");
    expect(await cached.loadSession("offline_a.myshopify.com")).toBeUndefined();
    expect(reads.count).toBe(3);
  });
});
