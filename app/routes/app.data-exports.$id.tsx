// Downloads one customer data export (see app/privacy/compliance.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { dataExportFile } from "../privacy/compliance.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const file = await dataExportFile(db, session.shop, params.id ?? "");
  if (!file) throw new Response("Not found", { status: 404 });
  return new Response(file.body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.name}"`,
      // Personal data: never kept by a browser or proxy cache.
      "Cache-Control": "no-store",
    },
  });
};
