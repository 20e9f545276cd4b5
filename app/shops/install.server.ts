// What the app records about a shop when it is installed or uninstalled.
import type { Db } from "../db.server";
import { logger } from "../logger.server";

type GraphqlClient = (query: string) => Promise<Response>;

const SHOP_QUERY = `#graphql
  query TriggerMapShop {
    shop { name email currencyCode ianaTimezone }
  }`;

interface ShopQueryResult {
  data?: {
    shop?: {
      name: string;
      email: string;
      currencyCode: string;
      ianaTimezone: string;
    };
  };
}

/**
 * After OAuth or token exchange: the shop exists, is marked installed, and knows its currency and
 * zone. Returns its id.
 */
export async function recordInstall(
  db: Db,
  domain: string,
  graphql: GraphqlClient,
): Promise<string> {
  const row = await db.shop.upsert({
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
    logger.warn("install: could not read shop details", {
      shop: domain,
      error,
    });
  }
  return row.id;
}

/**
 * app/uninstalled: the shop's tokens are revoked, so its sessions go; its scenarios stop (paused,
 * for the merchant to resume after a reinstall), open runs end and unsent messages are skipped.
 * Queued jobs of the shop find it uninstalled and do nothing. The data stays until shop/redact
 * (48 h later) in case the merchant reinstalls. Safe to run any number of times.
 */
export async function recordUninstall(
  db: Db,
  domain: string,
  at: Date,
): Promise<void> {
  const shop = await db.shop.findUnique({
    where: { domain },
    select: { id: true },
  });
  const shopId = shop?.id ?? "";
  await db.$transaction([
    db.session.deleteMany({ where: { shop: domain } }),
    db.shop.updateMany({
      where: { domain, uninstalledAt: null },
      data: { uninstalledAt: at },
    }),
    db.scenario.updateMany({
      where: { shopId, status: "ACTIVE" },
      data: { status: "PAUSED" },
    }),
    db.scenarioRun.updateMany({
      where: { shopId, activeKey: { not: null } },
      data: {
        status: "EXITED",
        exitReason: "app_uninstalled",
        activeKey: null,
        nextDueAt: null,
        endedAt: at,
        revision: { increment: 1 },
      },
    }),
    db.delivery.updateMany({
      where: { shopId, status: "PENDING" },
      data: { status: "SKIPPED", error: "app uninstalled" },
    }),
    db.cart.updateMany({
      where: { shopId, status: "OPEN" },
      data: { abandonAt: null },
    }),
  ]);
}
