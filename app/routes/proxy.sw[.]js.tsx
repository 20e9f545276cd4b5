// GET /apps/trigger-map/sw.js (through the app proxy): the web push service worker.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateProxy } from "../storefront/proxy.server";
import { SERVICE_WORKER } from "../storefront/service-worker";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  await authenticateProxy(request, context.clientIp);
  return new Response(SERVICE_WORKER, {
    headers: {
      "Content-Type": "application/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
    },
  });
};
