// POST /apps/trigger-map/offer: the shopper's code for a message that shows one.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { OfferRequest, offerCode } from "../storefront/offer.server";
import { authenticateProxy, proxyBody, requireGraphql } from "../storefront/proxy.server";

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const proxy = await authenticateProxy(request, context.clientIp);
  const body = await proxyBody(request, proxy, OfferRequest, (b) => b.visitorId);
  const code = await offerCode({ db, graphql: requireGraphql(proxy) }, proxy.shop.id, body);
  return Response.json({ code }, { headers: { "Cache-Control": "no-store" } });
};
