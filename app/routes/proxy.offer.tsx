// POST /apps/trigger-map/offer: the shopper's code for a message that shows one.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { createRateLimiter } from "../http/rate-limit";
import { OfferRequest, offerCode } from "../storefront/offer.server";
import {
  authenticateProxy,
  proxyBody,
  requireGraphql,
  text,
} from "../storefront/proxy.server";

// Each new browser id may ask for a code: a script making up ids must not mint discounts at will.
const codesPerAddress = createRateLimiter({ burst: 5, perSecond: 5 / 3600 });

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const proxy = await authenticateProxy(request, context.clientIp);
  const body = await proxyBody(
    request,
    proxy,
    OfferRequest,
    (b) => b.visitorId,
  );
  const allowed = codesPerAddress.take(`${proxy.shop.id}|${proxy.address}`);
  if (!allowed.ok)
    return text(429, "Too many codes from this address", {
      "Retry-After": String(allowed.retryAfterSeconds),
    });
  const code = await offerCode(
    { db, graphql: requireGraphql(proxy) },
    proxy.shop.id,
    body,
  );
  return Response.json({ code }, { headers: { "Cache-Control": "no-store" } });
};
