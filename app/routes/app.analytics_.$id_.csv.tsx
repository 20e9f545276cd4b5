// A scenario's analytics as CSV: the per-step table and the daily series (app/analytics/export.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { analyticsCsv } from "../analytics/export";
import { scenarioAnalyticsRequest } from "../analytics/scenario.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { days, analytics } = await scenarioAnalyticsRequest(
    db,
    session.shop,
    params.id ?? "",
    new URL(request.url),
  );
  return new Response(analyticsCsv(analytics), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="analytics-${analytics.scenario.id}-${days}d.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
