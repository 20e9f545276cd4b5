// A shop's email provider reporting deliveries, bounces and complaints (app/deliveries/email-webhook.server.ts).
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { receiveEmailEvents } from "../deliveries/email-webhook.server";
import { eventLog } from "../events/event-log.server";
import { jobQueue } from "../jobs/queue.server";
import { linkKeysFromEnv } from "../security/link-keys.server";

export const action = ({ request, params }: ActionFunctionArgs) => {
  const keys = linkKeysFromEnv();
  return receiveEmailEvents(
    {
      db,
      queue: jobQueue(),
      events: eventLog(),
      keys,
      addressKey: keys.address,
      now: () => new Date(),
    },
    params,
    request,
  );
};

export const loader = () => new Response("Method Not Allowed", { status: 405 });
