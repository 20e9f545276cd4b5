// The commerce webhook routes (orders, checkouts, carts, customers): verify, normalize, store,
// answer. Processing happens in the worker.
import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticateWebhook } from "../webhooks/authenticate.server";
import { eventLog } from "./log.server";
import { normalizeWebhook } from "./normalize";

export async function ingestWebhookAction({ request }: ActionFunctionArgs): Promise<Response> {
  const { shop, topic, webhookId, eventId, triggeredAt, payload } = await authenticateWebhook(request);
  const triggered = new Date(triggeredAt ?? Date.now());
  const normalized = normalizeWebhook(topic, payload, Number.isNaN(triggered.valueOf()) ? new Date() : triggered);
  if (!normalized.ok) return new Response(`Unexpected ${topic} body: ${normalized.reason}`, { status: 400, headers: { "Content-Type": "text/plain" } });
  await eventLog().webhook({ shop, topic, webhookId, eventId, triggeredAt }, normalized.event);
  return new Response(null, { status: 200 });
}
