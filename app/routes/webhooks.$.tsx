import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import {
  authenticateWebhook,
  webhookLoader,
} from "../webhooks/authenticate.server";
import { processOnce } from "../webhooks/receipts.server";

export const loader = webhookLoader;

// Every subscribed topic without a route of its own (see shopify.app.toml): the signature is
// verified and the delivery recorded once. Topic handlers take over topics as they land.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, eventId, triggeredAt } =
    await authenticateWebhook(request);
  await processOnce(
    db,
    { shop, topic, webhookId, eventId, triggeredAt },
    async () => {},
  );
  return new Response(null, { status: 200 });
};
