// GET /t/c/<delivery>?u=<link>&s=<signature>: a link in a message was clicked; on to the link,
// a link scanner's click too (recorded apart: app/deliveries/machine-engagement.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { trackEngagement } from "../runs/engagement.server";
import { visitorOf, verifyClick } from "../deliveries/tracking.server";
import { jobQueue } from "../jobs/queue.server";
import { linkKeysFromEnv } from "../security/link-keys.server";

export const loader = async ({ params, request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const target = url.searchParams.get("u") ?? "";
  // Only a link the app signed is followed: never an open redirect.
  if (
    !params.id ||
    !/^https?:\/\//.test(target) ||
    !URL.canParse(target) ||
    !verifyClick(
      linkKeysFromEnv(),
      params.id,
      target,
      url.searchParams.get("s") ?? "",
    )
  ) {
    return new Response("This link is not valid", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  await trackEngagement(
    db,
    jobQueue(),
    params.id,
    "CLICKED",
    visitorOf(request),
  );
  // A header carries bytes: the link as a URL serializes it, non-ASCII percent-encoded.
  return new Response(null, {
    status: 302,
    headers: { Location: new URL(target).href, "Cache-Control": "no-store" },
  });
};
