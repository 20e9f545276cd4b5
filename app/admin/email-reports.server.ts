// What the merchant sees of the provider's bounce and complaint reports: the URL to paste into the
// connected provider and whether reports have come in yet (settings page), and the addresses the
// shop no longer emails, a bounce liftable once the merchant fixed the address (suppressions page).
import {
  ConnectError,
  connectMailgun,
  connectPostmark,
  connectSendGrid,
  type Connected,
  type ConnectFailure,
} from "../channels/email/events/connect.server";
import {
  readEmailProvider,
  saveEmailEventKey,
} from "../channels/email/provider.server";
import type { Db, SuppressionReason } from "../db.server";
import {
  emailEventsUrl,
  isEventProvider,
} from "../deliveries/email-event-urls.server";
import {
  liftSuppression,
  listSuppressions,
} from "../deliveries/suppression.server";
import type { LinkKeys } from "../security/link-keys.server";
import { encryptionKeyFromEnv } from "../security/secrets.server";
import { readShopSettings } from "../shops/settings";
import type { ProviderKind } from "./settings-page.server";

export interface EmailReportsView {
  kind: ProviderKind;
  /** Where the provider posts its reports; null for SMTP, whose answer the app reads at sending. */
  url: string | null;
  /** When the first report arrived (ISO); until then "delivered" means "accepted by the provider". */
  since: string | null;
  /** SES: the SNS topic its reports are taken from (pinned by the first). */
  topic: string | null;
  /** How many addresses are suppressed, for the link to their list. */
  suppressed: number;
  /** The saved key can set the webhook up ("Connect automatically"). */
  connectable: boolean;
}

/** The reports block of the connected provider; null when none is connected. */
export async function emailReportsView(
  db: Db,
  domain: string,
  env: { appUrl: string; keys: LinkKeys },
): Promise<EmailReportsView | null> {
  const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
  const settings = readShopSettings(shop.settings);
  const kind = settings.emailProvider?.kind;
  if (!kind) return null;
  const suppressed = await db.emailSuppression.count({
    where: { shopId: shop.id },
  });
  return {
    kind,
    url: isEventProvider(kind)
      ? emailEventsUrl(env.appUrl, env.keys, shop.id, kind)
      : null,
    since: shop.emailEventsSince?.toISOString() ?? null,
    topic: kind === "ses" ? (settings.sesTopicArn ?? null) : null,
    suppressed,
    connectable: isConnectable(kind),
  };
}

/** The providers whose saved key can set their webhook up: SES needs an SNS topic and IAM rights a sending key lacks. */
export const CONNECTABLE = ["postmark", "sendgrid", "mailgun"] as const;
export type Connectable = (typeof CONNECTABLE)[number];
export const isConnectable = (kind: string): kind is Connectable =>
  (CONNECTABLE as readonly string[]).includes(kind);

/** Where each provider's API is, when not its public one (tests). */
export type ConnectBaseUrls = Partial<Record<Connectable, string>>;

/**
 * "Connect automatically": the outcome in words the settings page has (`connect_<failure>`, with
 * the provider's name and what the words name); `keyManual` when Mailgun's signing key is still to
 * be pasted.
 */
export type ConnectResult =
  | { ok: true; connected: { provider: Connectable; keyManual: boolean } }
  | {
      ok: false;
      connectFailure: {
        failure: ConnectFailure | "setup";
        provider: string;
        vars: Record<string, string | number>;
      };
    };

/**
 * Creates the connected provider's event webhook through its API with the saved key, and keeps
 * what it gives back to check its reports (SendGrid's public key, Mailgun's signing key).
 */
export async function connectEmailReports(
  db: Db,
  domain: string,
  env: { appUrl: string; keys: LinkKeys },
  options: { key?: Buffer; baseUrls?: ConnectBaseUrls } = {},
): Promise<ConnectResult> {
  const key = options.key ?? encryptionKeyFromEnv();
  const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
  const setupFailure = (provider = "") =>
    ({
      ok: false,
      connectFailure: { failure: "setup", provider, vars: {} },
    }) as const;
  let setup: ReturnType<typeof readEmailProvider>;
  try {
    setup = readEmailProvider(shop, key);
  } catch {
    return setupFailure();
  }
  if (!setup || !isConnectable(setup.kind)) return setupFailure(setup?.kind);
  const url = emailEventsUrl(env.appUrl, env.keys, shop.id, setup.kind);
  let connected: Connected;
  try {
    connected = await connect(setup, url, options.baseUrls ?? {});
  } catch (error) {
    if (!(error instanceof ConnectError)) throw error;
    const vars: Record<string, string | number> = { ...error.vars };
    if (setup.kind === "postmark") vars.stream = setup.broadcastStream;
    if (setup.kind === "mailgun") {
      vars.domain = setup.domain;
      vars.region = setup.region.toUpperCase();
    }
    return {
      ok: false,
      connectFailure: { failure: error.failure, provider: setup.kind, vars },
    };
  }
  let keyManual = connected.signingKeyManual === true;
  for (const field of ["eventVerificationKey", "webhookSigningKey"] as const) {
    const value = connected[field];
    if (!value) continue;
    // Not kept (the provider changed meanwhile, or a key the schema refuses): the merchant pastes it.
    const saved = await saveEmailEventKey(db, domain, field, value, key).catch(
      () => false,
    );
    if (!saved) keyManual = true;
  }
  return { ok: true, connected: { provider: setup.kind, keyManual } };
}

function connect(
  setup: NonNullable<ReturnType<typeof readEmailProvider>>,
  url: string,
  base: ConnectBaseUrls,
): Promise<Connected> {
  switch (setup.kind) {
    case "postmark":
      return connectPostmark(
        {
          serverToken: setup.serverToken,
          broadcastStream: setup.broadcastStream,
          baseUrl: base.postmark,
        },
        url,
      );
    case "sendgrid":
      return connectSendGrid(
        { apiKey: setup.apiKey, baseUrl: base.sendgrid },
        url,
      );
    case "mailgun":
      return connectMailgun(
        {
          apiKey: setup.apiKey,
          domain: setup.domain,
          region: setup.region,
          baseUrl: base.mailgun,
        },
        url,
      );
    default:
      throw new Error(`${setup.kind} is not connected automatically`);
  }
}

/** The page shows this many, newest first; the rest wait until some are lifted. */
export const SUPPRESSIONS_SHOWN = 200;

export interface SuppressionRow {
  id: string;
  email: string;
  reason: SuppressionReason;
  provider: string;
  detail: string | null;
  createdAt: string;
  /** A bounce is lifted by the merchant; a complaint never. */
  liftable: boolean;
}

export async function suppressionsView(
  db: Db,
  domain: string,
): Promise<{
  timeZone: string;
  rows: SuppressionRow[];
  /** More are suppressed than the `shown` listed. */
  more: boolean;
  shown: number;
}> {
  const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
  const found = await listSuppressions(db, shop.id, SUPPRESSIONS_SHOWN + 1);
  return {
    timeZone: shop.ianaTimezone,
    rows: found.slice(0, SUPPRESSIONS_SHOWN).map((s) => ({
      ...s,
      createdAt: s.createdAt.toISOString(),
      liftable: s.reason !== "COMPLAINT",
    })),
    more: found.length > SUPPRESSIONS_SHOWN,
    shown: SUPPRESSIONS_SHOWN,
  };
}

/** The merchant's "Lift": only the shop's own bounce; false when nothing was lifted (a complaint, gone already). */
export async function liftShopSuppression(
  db: Db,
  domain: string,
  id: string,
): Promise<boolean> {
  const shop = await db.shop.findUniqueOrThrow({
    where: { domain },
    select: { id: true },
  });
  return liftSuppression(db, shop.id, id);
}
