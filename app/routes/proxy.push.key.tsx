// GET /apps/trigger-map/push/key: the shop's VAPID public key, for PushManager.subscribe.
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { authenticateProxy } from "../storefront/proxy.server";
import { vapidPublicKey } from "../storefront/push.server";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { shop } = await authenticateProxy(request, context.clientIp);
  return Response.json(
    { publicKey: await vapidPublicKey(db, shop.domain) },
    { headers: { "Cache-Control": "public, max-age=3600" } },
  );
};
