// The demo shop as a merchant would leave it after a first visit: installed through Shopify's
// managed install (the embedded app's first load exchanges a session token for an offline token),
// with ready-made scenarios activated and their on-site rules published through the double.
import type { Db } from "../app/db.server";
import { API_VERSION } from "../app/api-version";
import { saveEmailProvider } from "../app/channels/email/provider.server";
import type { AdminGraphql } from "../app/shopify/admin-graphql";
import { activateTemplate } from "../app/admin/scenarios.server";
import { SHOP_HEADER, type ShopifyDouble } from "./shopify-double/server";

/** What a browser with a desktop Chrome's user agent sends (Shopify's library answers bots 410). */
export const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

/** The scenarios `npm run sandbox` starts with: one of each kind of on-site message, quick to see. */
export const DEMO_SCENARIOS: Record<string, Record<string, number>> = {
  LG3: { delaySeconds: 5 },
  LG2: {},
  LG1: { delaySeconds: 20 },
  SA2: { threshold: 60, delaySeconds: 3 },
  SA3: {},
  RE1: {},
};

/** The demo shop's past in the double (`npm run sandbox`): imported on install like a real shop's. */
export const DEMO_HISTORY = {
  customers: 200,
  orders: 800,
  subscribedShare: 1 / 3,
};

export async function installDemoShop(options: {
  double: ShopifyDouble;
  shop: string;
  db: Db;
}): Promise<string> {
  const { double, shop, db } = options;
  const response = await fetch(double.adminUrl(shop), {
    headers: { "User-Agent": BROWSER_UA },
  });
  if (response.status !== 200)
    throw new Error(`installing ${shop}: the app answered ${response.status}`);
  await response.arrayBuffer();
  // afterAuth (shop details, web pixel, storefront rules) may finish just after the first page.
  for (let tries = 0; tries < 200; tries++) {
    const row = await db.shop.findUnique({ where: { domain: shop } });
    if (
      row?.name &&
      double.admin.appMetafield(shop, "trigger_map", "storefront")
    )
      return row.id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the app did not finish installing ${shop}`);
}

/** The double's Admin API as the installed app reaches it, for the app's own modules outside it. */
export function doubleAdminGraphql(
  double: ShopifyDouble,
  shop: string,
): AdminGraphql {
  // Expiring, as the double (like Shopify from 2027) refuses non-expiring offline tokens.
  const token = double.oauth.issueAccessToken(shop, { expiresInSeconds: 3600 });
  return (query, options) =>
    fetch(`${double.url}/admin/api/${API_VERSION}/graphql.json`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Access-Token": token,
        [SHOP_HEADER]: shop,
      },
      body: JSON.stringify({ query, variables: options?.variables ?? {} }),
    });
}

/** Activates templates as the admin's one click does; their ids by template key. */
export async function activateTemplates(
  db: Db,
  double: ShopifyDouble,
  shop: string,
  shopId: string,
  templates: Record<string, Record<string, number>>,
): Promise<Record<string, string>> {
  const graphql = doubleAdminGraphql(double, shop);
  const ids: Record<string, string> = {};
  for (const [key, parameters] of Object.entries(templates))
    ids[key] = (
      await activateTemplate(db, graphql, shopId, key, parameters)
    ).id;
  return ids;
}

/**
 * Sends the demo shop's email to the sandbox mailbox's SMTP port (new on each start), with a sender
 * and a physical address unless the newcomer set their own, and no quiet hours; other settings stay.
 */
export async function connectDemoMailbox(
  db: Db,
  shop: string,
  smtpPort: number,
  key: Buffer,
): Promise<void> {
  const row = await db.shop.findUniqueOrThrow({ where: { domain: shop } });
  const stored =
    typeof row.settings === "object" &&
    row.settings !== null &&
    !Array.isArray(row.settings)
      ? row.settings
      : {};
  const settings = {
    ...stored,
    // On each start: a newcomer trying the sandbox at night would otherwise see emails held until 09:00.
    quietHours: { start: 0, end: 0 },
    sender: stored.sender ?? {
      name: row.name ?? "Demo Store",
      email: `hello@${shop.split(".")[0]}.example`,
    },
    physicalAddress: stored.physicalAddress ?? "1 Demo Street, Springfield",
  };
  await db.shop.update({ where: { domain: shop }, data: { settings } });
  const saved = await saveEmailProvider(
    db,
    shop,
    {
      kind: "smtp",
      host: "127.0.0.1",
      port: smtpPort,
      secure: false,
      requireTls: false,
    },
    key,
    {
      // The sandbox's own mailbox, on this machine.
      network: { allowPrivateHosts: true },
    },
  );
  if (!saved.ok)
    throw new Error(
      `the demo shop's email provider was refused: ${JSON.stringify(saved.errors)}`,
    );
}
