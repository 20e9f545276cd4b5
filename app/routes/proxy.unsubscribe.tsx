// /apps/trigger-map/unsubscribe?c=…&t=…: GET shows a page with one button; POST (that button, or
// a mail provider's one click, RFC 8058) unsubscribes at once. Answered as application/liquid, so
// Shopify shows the page inside the shop's theme.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { readAppEnv } from "../env.server";
import { eventLog } from "../events/log.server";
import { authenticateProxy, limit } from "../storefront/proxy.server";
import { unsubscribe, unsubscribePage, verifiedContactId } from "../storefront/unsubscribe.server";

const page = (status: number, body: string) => new Response(body, { status, headers: { "Content-Type": "application/liquid; charset=utf-8", "Cache-Control": "no-store" } });

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const proxy = await authenticateProxy(request, context.clientIp);
  const params = new URL(request.url).searchParams;
  const contactId = verifiedContactId(readAppEnv().apiSecret, proxy.shop.id, params);
  return page(contactId ? 200 : 400, unsubscribePage(contactId ? "confirm" : "invalid", params));
};

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const proxy = await authenticateProxy(request, context.clientIp);
  limit(proxy, null);
  const params = new URL(request.url).searchParams;
  const contactId = verifiedContactId(readAppEnv().apiSecret, proxy.shop.id, params);
  if (!contactId) return page(400, unsubscribePage("invalid", params));
  const outcome = await unsubscribe({ db, events: eventLog(), graphql: proxy.graphql }, proxy.shop.id, contactId);
  return page(outcome === "unknown" ? 404 : 200, unsubscribePage(outcome === "unknown" ? "invalid" : "done", params));
};
