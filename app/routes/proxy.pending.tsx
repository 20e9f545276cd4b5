// GET /apps/trigger-map/pending?visitorId=…: on-site messages waiting for this shopper.
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { pendingOnSite } from "../storefront/pending.server";
import { authenticateProxy, limit, text } from "../storefront/proxy.server";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const proxy = await authenticateProxy(request, context.clientIp);
  const visitorId = new URL(request.url).searchParams.get("visitorId") ?? "";
  if (!visitorId || visitorId.length > 200)
    return text(400, "visitorId: expected the browser's id");
  limit(proxy, visitorId);
  const messages = await pendingOnSite(
    { db, graphql: proxy.graphql },
    proxy.shop.id,
    visitorId,
  );
  return Response.json(
    { messages },
    { headers: { "Cache-Control": "no-store" } },
  );
};
