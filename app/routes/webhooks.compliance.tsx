import type { ActionFunctionArgs } from "@remix-run/node";
import db, { type Erasure, type Prisma } from "../db.server";
import { jobQueue } from "../jobs/queue.server";
import { logger } from "../logger.server";
import {
  CustomerRedactPayload,
  DataRequestPayload,
  ShopRedactPayload,
  exportCustomerData,
} from "../privacy/compliance.server";
import {
  enqueueErasure,
  recordCustomerErasure,
  recordShopErasure,
} from "../privacy/erasure.server";
import { sessions } from "../shopify.server";
import {
  authenticateWebhook,
  webhookLoader,
} from "../webhooks/authenticate.server";
import { processOnce, recordOnce } from "../webhooks/receipts.server";

export const loader = webhookLoader;

const unexpected = (topic: string) =>
  new Response(`Unexpected topic ${topic} or payload shape`, { status: 400 });

// The mandatory privacy topics (shopify.app.toml compliance_topics). A redaction is recorded with
// its receipt and answered at once; the privacy.erase job erases (app/privacy/erasure.server.ts).
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, eventId, triggeredAt, payload } =
    await authenticateWebhook(request);
  const delivery = { shop, topic, webhookId, eventId, triggeredAt };
  if (topic === "CUSTOMERS_DATA_REQUEST") {
    const parsed = DataRequestPayload.safeParse(payload);
    if (!parsed.success) return unexpected(topic);
    await processOnce(
      db,
      delivery,
      async () => void (await exportCustomerData(db, shop, parsed.data)),
    );
    return new Response(null, { status: 200 });
  }
  const record = erasureFor(topic, shop, payload);
  if (!record) return unexpected(topic);
  const taken = await recordOnce(db, delivery, record);
  if (taken.outcome === "processed" && taken.result) {
    // Recorded: if the queue is down, the worker's minute sweep queues it.
    await enqueueErasure(jobQueue(), taken.result).catch((error: unknown) =>
      logger.error("privacy: queueing an erasure failed, the sweep will", {
        error,
      }),
    );
  }
  // shop/redact deleted the shop's sessions: this process may still hold them (as for app/uninstalled).
  if (topic === "SHOP_REDACT") sessions.forgetShop(shop);
  return new Response(null, { status: 200 });
};

function erasureFor(
  topic: string,
  shop: string,
  payload: unknown,
): ((tx: Prisma.TransactionClient) => Promise<Erasure | null>) | null {
  switch (topic) {
    case "CUSTOMERS_REDACT": {
      const parsed = CustomerRedactPayload.safeParse(payload);
      return parsed.success
        ? (tx) =>
            recordCustomerErasure(tx, shop, parsed.data.customer, new Date())
        : null;
    }
    case "SHOP_REDACT":
      return ShopRedactPayload.safeParse(payload).success
        ? (tx) => recordShopErasure(tx, shop, new Date())
        : null;
    default:
      return null;
  }
}
