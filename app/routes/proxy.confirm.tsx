// /apps/trigger-map/confirm?c=…&v=…&x=…&t=…: the link sent to an address a browser typed that was
// already someone's. GET shows a page with one button; POST (that button) joins the browser to the
// contact. Answered as application/liquid, so Shopify shows the page inside the shop's theme.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { eventLog } from "../events/event-log.server";
import { linkKeysFromEnv } from "../security/link-keys.server";
import { verifyConfirmation } from "../storefront/confirm-link.server";
import { confirmEmail, confirmPage } from "../storefront/confirm.server";
import { authenticateProxy, limit } from "../storefront/proxy.server";

const page = (status: number, body: string) =>
  new Response(body, {
    status,
    headers: {
      "Content-Type": "application/liquid; charset=utf-8",
      "Cache-Control": "no-store",
    },
  });

async function verified(request: Request, clientIp: string | undefined) {
  const proxy = await authenticateProxy(request, clientIp);
  limit(proxy, null);
  const params = new URL(request.url).searchParams;
  const link = verifyConfirmation(linkKeysFromEnv(), proxy.shop.id, params);
  const contact = link
    ? await db.contact.findFirst({
        where: { id: link.contactId, shopId: proxy.shop.id },
        select: { locale: true },
      })
    : null;
  return {
    proxy,
    params,
    link: contact ? link : null,
    locale: contact?.locale ?? null,
  };
}

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { params, link, locale } = await verified(request, context.clientIp);
  return page(
    link ? 200 : 400,
    confirmPage(link ? "confirm" : "invalid", locale, params),
  );
};

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const { proxy, params, link, locale } = await verified(
    request,
    context.clientIp,
  );
  if (!link) return page(400, confirmPage("invalid", null, params));
  const outcome = await confirmEmail(
    { db, events: eventLog(), graphql: proxy.graphql },
    proxy.shop.id,
    link,
  );
  return page(
    outcome === "unknown" ? 404 : 200,
    confirmPage(outcome === "unknown" ? "invalid" : "done", locale, params),
  );
};
