// Loaded into the app process by the sandbox and the HTTP tests (node --import): sends the app's
// calls to Shopify to the Shopify double named by SHOPIFY_DOUBLE_URL, for the shops it lists.
import { routeShopifyTo } from "./shopify-double/route-shopify-fetch";

const doubleUrl = process.env.SHOPIFY_DOUBLE_URL;
const shops = (process.env.SHOPIFY_DOUBLE_SHOPS ?? "")
  .split(",")
  .filter(Boolean);
if (!doubleUrl || shops.length === 0) {
  throw new Error(
    "sandbox/preload.ts needs SHOPIFY_DOUBLE_URL and SHOPIFY_DOUBLE_SHOPS",
  );
}
if (
  process.env.NODE_ENV === "production" &&
  process.env.TRIGGER_MAP_SANDBOX !== "1"
) {
  throw new Error("The Shopify double is for the sandbox and tests only");
}
routeShopifyTo(doubleUrl, shops);
