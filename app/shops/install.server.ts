// What the app records about a shop when it is installed or uninstalled.
import type { Db } from "../db.server";

type GraphqlClient = (query: string) => Promise<Response>;

const SHOP_QUERY = `#graphql
  query TriggerMapShop {
    shop { name email currencyCode ianaTimezone }
  }`;

interface ShopQueryResult {
  data?: { shop?: { name: string; email: string; currencyCode: string; ianaTimezone: string } };
}

/** After OAuth or token exchange: the shop exists, is marked installed, and knows its currency and zone. */
export async function recordInstall(db: Db, domain: string, graphql: GraphqlClient): Promise<void> {
  await db.shop.upsert({
    where: { domain },
    create: { domain, settings: {} },
    update: { uninstalledAt: null },
  });
  // Details improve emails and quiet hours but must not block the merchant from opening the app.
  try {
    const body = (await (await graphql(SHOP_QUERY)).json()) as ShopQueryResult;
    const shop = body.data?.shop;
    if (shop) {
      await db.shop.update({
        where: { domain },
        data: {
          name: shop.name,
          email: shop.email,
          currencyCode: shop.currencyCode,
          ianaTimezone: shop.ianaTimezone,
        },
      });
    }
  } catch (error) {
    console.warn(`[install] could not read shop details for ${domain}: ${(error as Error).message}`);
  }
}

/**
 * app/uninstalled: the shop's tokens are revoked, so its sessions go; the shop's data stays until
 * shop/redact (48 h later) in case the merchant reinstalls. Safe to run any number of times.
 */
export async function recordUninstall(db: Db, domain: string, at: Date): Promise<void> {
  await db.$transaction([
    db.session.deleteMany({ where: { shop: domain } }),
    db.shop.updateMany({ where: { domain, uninstalledAt: null }, data: { uninstalledAt: at } }),
  ]);
}
