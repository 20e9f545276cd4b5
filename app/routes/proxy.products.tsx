// GET /apps/trigger-map/products?list=popular: the shop's popular products for on-site messages.
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { popularProducts } from "../storefront/products.server";
import {
  authenticateProxy,
  limit,
  requireGraphql,
  text,
} from "../storefront/proxy.server";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const proxy = await authenticateProxy(request, context.clientIp);
  limit(proxy, null);
  if (new URL(request.url).searchParams.get("list") !== "popular")
    return text(400, 'list: expected "popular"');
  const products = await popularProducts(
    db,
    requireGraphql(proxy),
    proxy.shop.id,
  );
  return Response.json(
    { products },
    { headers: { "Cache-Control": "public, max-age=300" } },
  );
};
