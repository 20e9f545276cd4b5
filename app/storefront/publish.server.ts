// Publishes the shop's storefront config (its active scenarios' on-site rules and copy) as an
// app-data metafield, which the theme embed's Liquid reads as app.metafields.trigger_map.storefront.
// Called whenever what the storefront must show changes: install, a scenario activated, paused or
// edited, the shop's languages. An active scenario whose current version cannot be read is paused
// (with the reason, runs/versions.server.ts) and left out.
import type { Db } from "../db.server";
import { definitionOrPause } from "../runs/versions.server";
import {
  adminQuery,
  describeUserErrors,
  type AdminGraphql,
  type UserError,
} from "../shopify/admin-graphql";
import { readShopSettings } from "../shops/settings";
import { buildStorefrontConfig, type StorefrontConfig } from "./config";

export const CONFIG_NAMESPACE = "trigger_map";
export const CONFIG_KEY = "storefront";

const INSTALLATION = `#graphql
  query TriggerMapInstallation { currentAppInstallation { id } }`;
const SET = `#graphql
  mutation TriggerMapPublish($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message code } }
  }`;

export async function publishStorefrontConfig(
  db: Db,
  graphql: AdminGraphql,
  shopId: string,
): Promise<StorefrontConfig> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const scenarios = await db.scenario.findMany({
    where: { shopId, status: "ACTIVE" },
    orderBy: { createdAt: "asc" },
  });
  const published = [];
  for (const scenario of scenarios) {
    const definition = await definitionOrPause(
      db,
      scenario.id,
      scenario.currentVersion,
    );
    if (definition) published.push({ id: scenario.id, definition });
  }
  const config = buildStorefrontConfig(
    published,
    readShopSettings(shop.settings).languages,
  );
  const { currentAppInstallation } = await adminQuery<{
    currentAppInstallation: { id: string };
  }>(graphql, INSTALLATION);
  const result = await adminQuery<{
    metafieldsSet: { userErrors: UserError[] };
  }>(graphql, SET, {
    metafields: [
      {
        ownerId: currentAppInstallation.id,
        namespace: CONFIG_NAMESPACE,
        key: CONFIG_KEY,
        type: "json",
        value: JSON.stringify(config),
      },
    ],
  });
  if (result.metafieldsSet.userErrors.length)
    throw new Error(
      `metafieldsSet: ${describeUserErrors(result.metafieldsSet.userErrors)}`,
    );
  return config;
}
