// POST /app/preview: an unsaved message rendered for a channel (the scenario page's preview card,
// app/ui/MessagePreview.tsx). The body is the message as the editor holds it, checked against the
// scenario model; a bad one is a 400 naming the field.
import { data, type ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import db from "../db.server";
import { withBodyLimit } from "../http/body-limit.server";
import { parsePreviewRequest, type FieldError } from "../shops/previews";
import { messagePreview, type MessagePreview } from "../shops/previews.server";

export type PreviewResponse = { preview: MessagePreview } | { errors: FieldError[] };

const BODY_LIMIT = 100_000;

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const bad = (errors: FieldError[]) => data<PreviewResponse>({ errors }, { status: 400 });
  let body: unknown;
  try {
    body = await (await withBodyLimit(request, BODY_LIMIT)).json();
  } catch (error) {
    if (error instanceof Response) throw error;
    return bad([{ field: "body", message: "Malformed JSON body" }]);
  }
  const parsed = parsePreviewRequest(body);
  if (!parsed.ok) return bad(parsed.errors);
  return data<PreviewResponse>({ preview: await messagePreview(db, session.shop, parsed.request) }, { headers: { "Cache-Control": "no-store" } });
};
