// The figures the scenario map shows on its nodes when the merchant turns counts on
// (app/analytics/node-counts.server.ts), loaded only then.
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { nodeCountsRequest } from "../analytics/node-counts.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return nodeCountsRequest(
    db,
    session.shop,
    params.id ?? "",
    new URL(request.url),
  );
};
