// The sandbox's fixed identity: a demo app and a demo shop that exist only on this machine.
import { DEFAULT_PUSH_SERVICE_HOSTS } from "../app/channels/push-services";
import { DEMO_ARTICLES } from "./shopify-double/demo-blog";
import { DEMO_PRODUCTS } from "./shopify-double/demo-catalogue";

export const SANDBOX_APP = {
  apiKey: "trigger-map-sandbox-key",
  // Not a secret: it signs tokens and webhooks between local processes of the sandbox only.
  apiSecret: "trigger-map-sandbox-secret",
  // Likewise: encrypts the demo shop's secrets in the sandbox's own database.
  encryptionKey: Buffer.from("trigger-map-sandbox-key-32-bytes").toString(
    "base64",
  ),
  // Likewise: signs the links in the sandbox's emails (TRIGGER_MAP_LINK_KEYS, current first).
  linkKeys: Buffer.from("trigger-map-sandbox-links-32bytes").toString("base64"),
  scopes: [
    "read_orders",
    "read_fulfillments",
    "read_all_orders",
    "read_customers",
    "write_customers",
    "write_discounts",
    "read_products",
    "write_pixels",
    "read_customer_events",
    "write_app_proxy",
    "read_content",
    "read_themes",
  ],
};

export const DEMO_SHOP = {
  domain: "trigger-map-demo.myshopify.com",
  name: "Trigger Map Demo Store",
  email: "owner@trigger-map-demo.example",
  currencyCode: "USD",
  ianaTimezone: "America/New_York",
  products: DEMO_PRODUCTS,
  articles: DEMO_ARTICLES,
};

/**
 * The browsers' push services, and 127.0.0.1: the sandbox's tests stand a local push service in for
 * the browser's own (out of reach here). The sandbox's app and worker get it as PUSH_SERVICE_HOSTS.
 */
export const SANDBOX_PUSH_SERVICE_HOSTS = [
  ...DEFAULT_PUSH_SERVICE_HOSTS,
  "127.0.0.1",
];
