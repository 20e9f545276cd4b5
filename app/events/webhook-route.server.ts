// The commerce webhook routes (orders, refunds, fulfillments, checkouts, carts, customers): verify, normalize, store,
// answer. Processing happens in the worker.
import type { ActionFunctionArgs } from "@remix-run/node";
import { wellFormed } from "../http/json-body";
import { authenticateWebhook } from "../webhooks/authenticate.server";
import { eventLog } from "./event-log.server";
import { normalizeWebhook, storableDate } from "./normalize";

export async function ingestWebhookAction({
  request,
}: ActionFunctionArgs): Promise<Response> {
  const { shop, topic, webhookId, eventId, triggeredAt, payload } =
    await authenticateWebhook(request);
  const normalized = normalizeWebhook(
    topic,
    payload,
    storableDate(triggeredAt) ?? new Date(),
  );
  if (!normalized.ok)
    return new Response(`Unexpected ${topic} body: ${normalized.reason}`, {
      status: 400,
      headers: { "Content-Type": "text/plain" },
    });
  // Signed JSON may still carry a lone surrogate ("\ud800"), which the database's JSON refuses.
  await eventLog().webhook(
    { shop, topic, webhookId, eventId, triggeredAt },
    wellFormed(normalized.event),
  );
  return new Response(null, { status: 200 });
}

/**
 * The same, for a server that calls it without Remix's router (app/http.server.ts mounts it,
 * exported through entry.server.tsx): the hottest endpoint skips route matching. A thrown
 * Response (401, 400, 413) is the answer.
 */
export async function ingestWebhookRequest(
  request: Request,
): Promise<Response> {
  try {
    return await ingestWebhookAction({ request, params: {}, context: {} });
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}
