// POST /apps/trigger-map/push/subscribe: the browser's push subscription, kept on its contact.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { eventLog } from "../events/event-log.server";
import { authenticateProxy, proxyBody } from "../storefront/proxy.server";
import { PushSubscribeRequest, subscribePush } from "../storefront/push.server";

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const proxy = await authenticateProxy(request, context.clientIp);
  const body = await proxyBody(
    request,
    proxy,
    PushSubscribeRequest,
    (b) => b.visitorId,
  );
  await subscribePush(db, eventLog(), proxy.shop, {
    ...body,
    loggedInCustomerId: proxy.loggedInCustomerId,
    userAgent: request.headers.get("user-agent"),
  });
  return new Response(null, { status: 204 });
};
