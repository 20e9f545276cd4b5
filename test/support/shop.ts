// A shop as a merchant leaves it: installed through Shopify's managed install (the embedded app's
// first load exchanges a session token for an offline token), with templates activated and their
// on-site rules published through the double's Admin API.
import { expect } from "vitest";
import { activateTemplate } from "../../app/shops/scenarios.server";
import type { AdminGraphql } from "../../app/shopify/admin-graphql";
import { API_VERSION } from "../../app/api-version";
import { SHOP_HEADER } from "../../sandbox/shopify-double/server";
import { BROWSER_UA, type TestApp } from "./app";

export async function installShop(t: TestApp): Promise<string> {
  const host = Buffer.from(`${t.shop}/admin`).toString("base64url");
  const response = await fetch(`${t.app.url}/app?embedded=1&shop=${t.shop}&host=${host}&id_token=${t.double.mintSessionToken(t.shop)}`, {
    headers: { "User-Agent": BROWSER_UA },
  });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  // afterAuth (shop details, pixel, storefront rules) may finish just after the first page.
  for (let tries = 0; tries < 200; tries++) {
    const shop = await t.database.db.shop.findUnique({ where: { domain: t.shop } });
    if (shop?.name && t.double.admin.appMetafield(t.shop, "trigger_map", "storefront")) return shop.id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the app did not finish installing ${t.shop}`);
}

/** The Admin API of the double as the installed app reaches it, for the app's own modules in a test. */
export function adminGraphql(t: TestApp): AdminGraphql {
  // Expiring, as the double (like Shopify from 2027) refuses non-expiring offline tokens.
  const token = t.double.oauth.issueAccessToken(t.shop, { expiresInSeconds: 3600 });
  return (query, options) =>
    fetch(`${t.double.url}/admin/api/${API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, [SHOP_HEADER]: t.shop },
      body: JSON.stringify({ query, variables: options?.variables ?? {} }),
    });
}

/** Activates templates as the admin will (one click each), publishing their on-site rules; ids by key. */
export async function activate(t: TestApp, shopId: string, templates: Record<string, Record<string, number>>): Promise<Record<string, string>> {
  const graphql = adminGraphql(t);
  const ids: Record<string, string> = {};
  for (const [key, parameters] of Object.entries(templates)) ids[key] = (await activateTemplate(t.database.db, graphql, shopId, key, parameters)).id;
  return ids;
}
