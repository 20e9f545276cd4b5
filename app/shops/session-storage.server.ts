// Sessions, read through a short in-memory cache: every webhook and admin request loads the
// shop's session, and under a burst of webhooks that read was most of the request's cost.
// Writes through this process drop the entry at once; another process's writes show within
// the TTL (a revoked token then fails its Admin call, which the library answers by re-auth).
import type { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";

const TTL_MS = 5_000;
/**
 * A session this close to expiry is always read afresh: Shopify's library refreshes expiring
 * offline tokens 5 minutes ahead, and another process may just have stored the refreshed one.
 */
const NEAR_EXPIRY_MS = 6 * 60_000;
const MAX_ENTRIES = 10_000;

export class CachedSessionStorage implements SessionStorage {
  private readonly cache = new Map<
    string,
    { session: Session | undefined; until: number }
  >();

  constructor(private readonly inner: SessionStorage) {}

  async loadSession(id: string): Promise<Session | undefined> {
    const hit = this.cache.get(id);
    const now = Date.now();
    if (
      hit &&
      hit.until > now &&
      !(
        hit.session?.expires &&
        hit.session.expires.valueOf() - now < NEAR_EXPIRY_MS
      )
    )
      return hit.session;
    const session = await this.inner.loadSession(id);
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(id, { session, until: Date.now() + TTL_MS });
    return session;
  }

  storeSession(session: Session): Promise<boolean> {
    this.cache.delete(session.id);
    return this.inner.storeSession(session);
  }

  deleteSession(id: string): Promise<boolean> {
    this.cache.delete(id);
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]): Promise<boolean> {
    ids.forEach((id) => this.cache.delete(id));
    return this.inner.deleteSessions(ids);
  }

  findSessionsByShop(shop: string): Promise<Session[]> {
    return this.inner.findSessionsByShop(shop);
  }

  /** After the shop's sessions were deleted behind the storage's back (app/uninstalled). */
  forgetShop(shop: string): void {
    for (const [id, entry] of this.cache)
      if (entry.session?.shop === shop || id.includes(shop))
        this.cache.delete(id);
  }
}
