// POST /apps/trigger-map/push/subscribe: the browser's push subscription, kept on its contact.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { eventLog } from "../events/log.server";
import { authenticateProxy, proxyBody } from "../storefront/proxy.server";
import { PushSubscribeRequest, subscribePush } from "../storefront/push.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, loggedInCustomerId } = await authenticateProxy(request);
  const body = await proxyBody(request, PushSubscribeRequest, (b) => `${shop.id}|${b.visitorId}`);
  await subscribePush(db, eventLog(), shop, { ...body, loggedInCustomerId, userAgent: request.headers.get("user-agent") });
  return new Response(null, { status: 204 });
};
