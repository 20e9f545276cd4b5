import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import {
  CustomerRedactPayload,
  DataRequestPayload,
  ShopRedactPayload,
  exportCustomerData,
  redactCustomer,
  redactShop,
} from "../privacy/compliance.server";
import { authenticateWebhook, webhookLoader } from "../webhooks/authenticate.server";
import { processOnce } from "../webhooks/receipts.server";

export const loader = webhookLoader;

// The mandatory privacy topics (shopify.app.toml compliance_topics).
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, eventId, triggeredAt, payload } = await authenticateWebhook(request);
  const work = handlerFor(topic, shop, payload);
  if (!work) return new Response(`Unexpected topic ${topic} or payload shape`, { status: 400 });
  await processOnce(db, { shop, topic, webhookId, eventId, triggeredAt }, work);
  return new Response(null, { status: 200 });
};

function handlerFor(topic: string, shop: string, payload: unknown): (() => Promise<void>) | null {
  switch (topic) {
    case "CUSTOMERS_DATA_REQUEST": {
      const parsed = DataRequestPayload.safeParse(payload);
      return parsed.success ? async () => void (await exportCustomerData(db, shop, parsed.data)) : null;
    }
    case "CUSTOMERS_REDACT": {
      const parsed = CustomerRedactPayload.safeParse(payload);
      return parsed.success ? async () => void (await redactCustomer(db, shop, parsed.data.customer)) : null;
    }
    case "SHOP_REDACT":
      return ShopRedactPayload.safeParse(payload).success ? () => redactShop(db, shop) : null;
    default:
      return null;
  }
}
