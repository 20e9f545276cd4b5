// POST /apps/trigger-map/capture: an email left in a popup, a quiz or the signup form.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { eventLog } from "../events/event-log.server";
import { jobQueue } from "../jobs/queue.server";
import { CaptureRequest, captureEmail } from "../storefront/capture.server";
import {
  authenticateProxy,
  proxyBody,
  requireGraphql,
} from "../storefront/proxy.server";

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const proxy = await authenticateProxy(request, context.clientIp);
  const body = await proxyBody(
    request,
    proxy,
    CaptureRequest,
    (b) => b.visitorId,
  );
  const deps = {
    db,
    events: eventLog(),
    graphql: requireGraphql(proxy),
    queue: jobQueue(),
  };
  const result = await captureEmail(deps, proxy.shop.id, {
    ...body,
    loggedInCustomerId: proxy.loggedInCustomerId,
  });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
};
