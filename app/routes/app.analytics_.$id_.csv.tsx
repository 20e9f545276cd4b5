// A scenario's analytics as CSV: the per-step table and the daily series (app/analytics/export.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { rangeFrom } from "../analytics/csv";
import { analyticsCsv } from "../analytics/export";
import { shopForAnalytics } from "../analytics/overview.server";
import { scenarioAnalytics } from "../analytics/scenario.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const days = rangeFrom(new URL(request.url).searchParams.get("days"));
  const shop = await shopForAnalytics(db, session.shop);
  const analytics = shop ? await scenarioAnalytics(db, shop.id, params.id ?? "", days) : null;
  if (!analytics) throw new Response("Not found", { status: 404 });
  return new Response(analyticsCsv(analytics), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="analytics-${analytics.scenario.id}-${days}d.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
