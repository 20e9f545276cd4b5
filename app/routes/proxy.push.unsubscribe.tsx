// POST /apps/trigger-map/push/unsubscribe: the shopper opted out (or the browser dropped it).
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { authenticateProxy, proxyBody } from "../storefront/proxy.server";
import {
  PushUnsubscribeRequest,
  unsubscribePush,
} from "../storefront/push.server";

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const proxy = await authenticateProxy(request, context.clientIp);
  const body = await proxyBody(
    request,
    proxy,
    PushUnsubscribeRequest,
    (b) => b.endpoint,
  );
  await unsubscribePush(db, proxy.shop, body.endpoint);
  return new Response(null, { status: 204 });
};
