// /apps/trigger-map/unsubscribe?d=…&a=…&s=… (or, before link keys, ?c=…&t=…): GET shows a page with
// one button; POST (that button, or a mail provider's one click, RFC 8058) unsubscribes at once.
// Answered as application/liquid, so Shopify shows the page inside the shop's theme.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { eventLog } from "../events/event-log.server";
import { linkKeysFromEnv } from "../security/link-keys.server";
import { authenticateProxy, limit } from "../storefront/proxy.server";
import { pageLanguage, unsubscribePage } from "../storefront/unsubscribe-page";
import { unsubscribe, verifiedLink } from "../storefront/unsubscribe.server";

const page = (status: number, body: string) =>
  new Response(body, {
    status,
    headers: {
      "Content-Type": "application/liquid; charset=utf-8",
      "Cache-Control": "no-store",
    },
  });

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const proxy = await authenticateProxy(request, context.clientIp);
  const params = new URL(request.url).searchParams;
  const link = verifiedLink(linkKeysFromEnv(), proxy.shop.id, params);
  return page(
    link ? 200 : 400,
    unsubscribePage(
      link ? "confirm" : "invalid",
      params,
      pageLanguage(params, request.headers.get("accept-language")),
    ),
  );
};

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const proxy = await authenticateProxy(request, context.clientIp);
  limit(proxy, null);
  const params = new URL(request.url).searchParams;
  const language = pageLanguage(params, request.headers.get("accept-language"));
  const keys = linkKeysFromEnv();
  const link = verifiedLink(keys, proxy.shop.id, params);
  if (!link) return page(400, unsubscribePage("invalid", params, language));
  await unsubscribe(
    {
      db,
      events: eventLog(),
      graphql: proxy.graphql,
      addressKey: keys.address,
    },
    proxy.shop.id,
    link,
  );
  return page(200, unsubscribePage("done", params, language));
};
