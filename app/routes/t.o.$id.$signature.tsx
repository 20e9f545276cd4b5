// GET /t/o/<delivery>/<signature>.gif: an email was opened (its 1x1 image loaded), by a person
// or by a machine such as Apple's privacy proxy (recorded apart: app/deliveries/machine-engagement.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { trackEngagement } from "../runs/engagement.server";
import { visitorOf, verifyOpen } from "../deliveries/tracking.server";
import { jobQueue } from "../jobs/queue.server";
import { linkKeysFromEnv } from "../security/link-keys.server";

// The smallest transparent GIF.
const PIXEL = Buffer.from(
  "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7",
  "base64",
);

export const loader = async ({ params, request }: LoaderFunctionArgs) => {
  const signature = (params.signature ?? "").replace(/\.gif$/, "");
  if (params.id && verifyOpen(linkKeysFromEnv(), params.id, signature))
    await trackEngagement(
      db,
      jobQueue(),
      params.id,
      "OPENED",
      visitorOf(request),
    );
  // The image is answered either way: a mail client shows nothing broken.
  return new Response(PIXEL, {
    headers: {
      "Content-Type": "image/gif",
      "Cache-Control": "no-store, private",
    },
  });
};
