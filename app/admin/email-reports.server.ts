// What the merchant sees of the provider's bounce and complaint reports: the URL to paste into the
// connected provider and whether reports have come in yet (settings page), and the addresses the
// shop no longer emails, a bounce liftable once the merchant fixed the address (suppressions page).
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
  };
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
