// A provider's events arriving at /webhooks/email/<provider>/<shop>/<token>: the URL's token names
// the shop, the provider's own signature (or Postmark's Basic credentials) proves the sender, and
// only then is the body read as events and applied. A forged or unsigned request changes nothing.
import { readEmailProvider } from "../channels/email/provider.server";
import { verifyMailgunEvents } from "../channels/email/events/mailgun";
import { verifyPostmarkEvents } from "../channels/email/events/postmark";
import { verifySendGridEvents } from "../channels/email/events/sendgrid";
import { verifySnsEvents } from "../channels/email/events/sns";
import type {
  EventProvider,
  VerifyOutcome,
} from "../channels/email/events/types";
import { TX_OPTIONS } from "../db.server";
import { BodyTooLarge, withBodyLimit } from "../http/body-limit.server";
import { readShopSettings } from "../shops/settings";
import type { LinkKeys } from "../security/link-keys.server";
import { applyEmailEvents, type EmailEventDeps } from "./email-events.server";
import {
  isEventProvider,
  postmarkPassword,
  verifyEventsToken,
} from "./email-event-urls.server";

/** SendGrid posts events in batches; its documented batch stays well under this. */
const BODY_LIMIT = 2 * 1024 * 1024;

export interface ReceiveDeps extends EmailEventDeps {
  keys: LinkKeys;
  encryptionKey?: Buffer;
  /** Fetches SNS's signing certificates and confirms subscriptions; default the network. */
  fetchText?: (url: string) => Promise<string>;
}

const answer = (status: number, body: string) =>
  new Response(body, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });

export async function receiveEmailEvents(
  deps: ReceiveDeps,
  params: { provider?: string; shopId?: string; token?: string },
  request: Request,
): Promise<Response> {
  const { provider = "", shopId = "", token = "" } = params;
  if (!isEventProvider(provider)) return answer(404, "Unknown provider");
  if (!verifyEventsToken(deps.keys, token, shopId, provider))
    return answer(401, "This URL is not one the app gave out");
  const shop = await deps.db.shop.findUnique({ where: { id: shopId } });
  if (!shop || shop.uninstalledAt)
    return answer(404, "The shop has uninstalled the app");
  let body: string;
  try {
    body = await (await withBodyLimit(request, BODY_LIMIT)).text();
  } catch (error) {
    if (error instanceof BodyTooLarge) return error;
    throw error;
  }
  const outcome = await verify(deps, shop, provider, {
    headers: request.headers,
    body,
  });
  if (!outcome.ok) return answer(outcome.status, outcome.reason);
  const applied = await applyEmailEvents(deps, shop.id, outcome.events);
  return Response.json(applied);
}

async function pinTopic(deps: ReceiveDeps, shopId: string, topic: string) {
  await deps.db.$transaction(async (tx) => {
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId } });
    const settings = readShopSettings(shop.settings);
    if (settings.sesTopicArn) return;
    await tx.shop.update({
      where: { id: shopId },
      data: { settings: { ...settings, sesTopicArn: topic } },
    });
  }, TX_OPTIONS);
}

/** A setup that cannot be read (a key lost) has no verification key: every request is refused. */
function storedSetup(
  deps: ReceiveDeps,
  shop: Parameters<typeof readEmailProvider>[0],
) {
  try {
    return readEmailProvider(shop, deps.encryptionKey);
  } catch {
    return null;
  }
}

async function verify(
  deps: ReceiveDeps,
  shop: { id: string } & Parameters<typeof readEmailProvider>[0],
  provider: EventProvider,
  request: { headers: Headers; body: string },
): Promise<VerifyOutcome> {
  const now = deps.now();
  const setup = storedSetup(deps, shop);
  switch (provider) {
    case "sendgrid":
      return verifySendGridEvents(
        request,
        setup?.kind === "sendgrid" ? (setup.eventVerificationKey ?? "") : "",
        now,
      );
    case "mailgun":
      return verifyMailgunEvents(
        request,
        setup?.kind === "mailgun" ? (setup.webhookSigningKey ?? "") : "",
        now,
      );
    case "postmark":
      return verifyPostmarkEvents(
        request,
        postmarkPassword(deps.keys, shop.id),
        now,
      );
    case "ses": {
      // SNS signs anyone's topic alike: the first verified message pins the shop's topic.
      const pinned = readShopSettings(shop.settings).sesTopicArn;
      let topic = "";
      // A signing certificate or a confirmation SNS could not be fetched throws: a 500 SNS retries.
      const outcome = await verifySnsEvents(request, {
        now,
        acceptTopic: (arn) => ((topic = arn), !pinned || arn === pinned),
        ...(deps.fetchText ? { fetchText: deps.fetchText } : {}),
      });
      if (outcome.ok && !pinned && topic) await pinTopic(deps, shop.id, topic);
      return outcome;
    }
  }
}
