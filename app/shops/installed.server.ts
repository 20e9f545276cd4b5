// Shop ids by domain, for the endpoints every storefront event and webhook goes through: a
// domain's shop rarely changes, so each web process asks the database about it once a minute.
import type { Db } from "../db.server";

export interface InstalledShops {
  /** The shop's id, or null when the app does not know it or it is uninstalled. */
  idOf(domain: string): Promise<string | null>;
}

export function createInstalledShops(db: Db): InstalledShops {
  const cache = new Map<string, { id: string | null; until: number }>();
  return {
    async idOf(domain) {
      const now = Date.now();
      const hit = cache.get(domain);
      if (hit && hit.until > now) return hit.id;
      const shop = await db.shop.findUnique({
        where: { domain },
        select: { id: true, uninstalledAt: true },
      });
      const id = shop && !shop.uninstalledAt ? shop.id : null;
      // A shop that is not installed is asked again soon: an install must not wait long.
      cache.set(domain, { id, until: now + (id ? 60_000 : 2_000) });
      return id;
    },
  };
}
