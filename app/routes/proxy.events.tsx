// POST /apps/trigger-map/events: the runtime's reports of a message shown, clicked or closed.
import type { ActionFunctionArgs } from "@remix-run/node";
import { eventLog } from "../events/event-log.server";
import { authenticateProxy, proxyBody } from "../storefront/proxy.server";
import { ReportRequest, storeReports } from "../storefront/reports.server";

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const proxy = await authenticateProxy(request, context.clientIp);
  const body = await proxyBody(
    request,
    proxy,
    ReportRequest,
    (b) => b.visitorId,
  );
  await storeReports(eventLog(), proxy.shop.id, body);
  return new Response(null, { status: 204 });
};
