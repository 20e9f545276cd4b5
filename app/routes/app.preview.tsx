// POST /app/preview: an unsaved message rendered for a channel (the scenario page's preview card,
// app/ui/MessagePreview.tsx). The body is the message as the editor holds it, checked against the
// scenario model; a bad one is a 400 naming the field. A resource route: its JSON is the same to
// a Remix fetcher (which unwraps it) and to any other client.
import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import db from "../db.server";
import { withBodyLimit } from "../http/body-limit.server";
import { parsePreviewRequest, type FieldError } from "../admin/previews";
import { messagePreview, type MessagePreview } from "../admin/previews.server";

export type PreviewResponse =
  { preview: MessagePreview } | { errors: FieldError[] };

const BODY_LIMIT = 100_000;

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const respond = (body: PreviewResponse, status = 200) =>
    Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
  const bad = (errors: FieldError[]) => respond({ errors }, 400);
  let body: unknown;
  try {
    body = await (await withBodyLimit(request, BODY_LIMIT)).json();
  } catch (error) {
    if (error instanceof Response) throw error;
    return bad([{ field: "body", message: "Malformed JSON body" }]);
  }
  const parsed = parsePreviewRequest(body);
  if (!parsed.ok) return bad(parsed.errors);
  return respond({
    preview: await messagePreview(db, session.shop, parsed.request),
  });
};
