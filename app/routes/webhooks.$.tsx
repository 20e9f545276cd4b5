import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import db from "../db.server";
import { processOnce } from "../webhooks/receipts.server";

// Every subscribed topic without a route of its own (see shopify.app.toml): the signature is
// verified and the delivery recorded once. Topic handlers take over topics as they land.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, eventId, triggeredAt } = await authenticate.webhook(request);
  await processOnce(db, { shop, topic, webhookId, eventId, triggeredAt }, async () => {});
  return new Response(null, { status: 200 });
};
