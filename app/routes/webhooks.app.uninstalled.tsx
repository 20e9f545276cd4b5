import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { sessions } from "../shopify.server";
import { recordUninstall } from "../shops/install.server";
import {
  authenticateWebhook,
  webhookLoader,
} from "../webhooks/authenticate.server";
import { processOnce } from "../webhooks/receipts.server";

export const loader = webhookLoader;

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, eventId, triggeredAt } =
    await authenticateWebhook(request);
  await processOnce(db, { shop, topic, webhookId, eventId, triggeredAt }, () =>
    recordUninstall(db, shop, new Date()),
  );
  // Also for a duplicate: this process may hold the sessions another one deleted.
  sessions.forgetShop(shop);
  return new Response(null, { status: 200 });
};
