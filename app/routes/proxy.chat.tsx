// POST /apps/trigger-map/chat: a shopper's reply to a chat message, for the admin's Chat replies page (and an email notice).
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { enqueueChatNotice } from "../deliveries/chat-notice.server";
import { jobQueue } from "../jobs/queue.server";
import { ChatRequest, storeChatReply } from "../storefront/chat.server";
import { authenticateProxy, proxyBody } from "../storefront/proxy.server";

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const proxy = await authenticateProxy(request, context.clientIp);
  const body = await proxyBody(request, proxy, ChatRequest, (b) => b.visitorId);
  await storeChatReply(db, proxy.shop.id, {
    ...body,
    loggedInCustomerId: proxy.loggedInCustomerId,
  });
  await enqueueChatNotice(jobQueue(), proxy.shop.id, new Date());
  return new Response(null, { status: 204 });
};
