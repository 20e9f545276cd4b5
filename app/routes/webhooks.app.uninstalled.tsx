import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import db from "../db.server";
import { recordUninstall } from "../shops/install.server";
import { processOnce } from "../webhooks/receipts.server";

// authenticate.webhook answers 401 (bad HMAC), 400 (missing headers) and 405 itself.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, eventId, triggeredAt } = await authenticate.webhook(request);
  await processOnce(db, { shop, topic, webhookId, eventId, triggeredAt }, () =>
    recordUninstall(db, shop, new Date()),
  );
  return new Response(null, { status: 200 });
};
