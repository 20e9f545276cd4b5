// A send step's figures from its deliveries' statuses. Pure. A delivery's status only moves forward
// (SENT → OPENED → CLICKED, app/deliveries/tracking.server.ts), so counting statuses counts how far
// each message got: a clicked message was also sent, delivered and (email) opened.
//
// What each channel can tell:
// - email: sent = the provider took it. Delivered: once the shop's provider reports events
//   (Shop.emailEventsSince, app/deliveries/email-events.server.ts), the messages it reported
//   delivered, or that were opened or clicked (an open proves delivery); before that, nothing says
//   more than "the provider accepted it", so delivered = sent and is labelled "accepted"
//   (`accepted`). Bounces (hard, soft) and spam complaints are the provider's reports too: bounce
//   rate = bounced / sent, complaint rate = complained / delivered (or accepted).
//   Opened = the open image loaded, or a click (a click implies an open; images may be blocked).
//   Opens and clicks are people's: a machine's (Apple's image proxy, a link scanner:
//   app/deliveries/machine-engagement.ts) moves no status and is counted apart, so the rates
//   are people's.
// - popup, chat: a message is recorded when the storefront showed it, so shown = delivered; being
//   shown is being seen, so "opened" does not apply (no open rate, no CTOR): CTR = clicked / shown.
// - web push: sent = the push service took it = delivered; browsers report no display, so "opened"
//   does not apply either.
import type { Channel, DeliveryStatus } from "../db.server";
import { rate } from "./stats";

export const REACHED: DeliveryStatus[] = [
  "SENT",
  "DELIVERED",
  "OPENED",
  "CLICKED",
];

/** What the provider reported on a step's emails, counted by the database. */
export interface ProviderReports {
  /** Reported delivered (or opened, or clicked); null when the shop's provider reports no events. */
  delivered: number | null;
  hardBounced: number;
  softBounced: number;
  complained: number;
}

export const NO_REPORTS: ProviderReports = {
  delivered: null,
  hardBounced: 0,
  softBounced: 0,
  complained: 0,
};

export interface StepCounts {
  /** Shown (on-site) or handed to the provider (email, push). */
  sent: number;
  /** Email: reported delivered, or only accepted (= sent) where `accepted`. */
  delivered: number;
  /** Email with no provider reports: "delivered" is only "the provider accepted it". */
  accepted: boolean;
  /** Email only (null elsewhere): messages bounced, hard and soft, and spam complaints. */
  hardBounced: number | null;
  softBounced: number | null;
  complained: number | null;
  /** null where the channel has no "opened". */
  opened: number | null;
  clicked: number;
  pending: number;
  failed: number;
  /** The process died mid-send: whether it went out is unknown (never sent again). */
  unknown: number;
  skipped: number;
  /** Messages a machine opened (Apple's image proxy, a scanner); null where "opened" does not apply. */
  machineOpened: number | null;
  /** Messages a link scanner clicked. Counted in no rate. */
  machineClicked: number;
}

/** Messages with a machine's open / click, whatever people did with them too. */
export interface MachineCounts {
  opened: number;
  clicked: number;
}

export interface StepRates {
  /** Opened / delivered; null where it does not apply or nothing was delivered. */
  openRate: number | null;
  /** Clicked / delivered. */
  clickRate: number | null;
  /** Clicked / opened. */
  clickToOpenRate: number | null;
  /** Email: bounced (hard and soft) / sent. */
  bounceRate: number | null;
  /** Email: complained / delivered (or accepted). */
  complaintRate: number | null;
}

export const hasOpens = (channel: Channel) => channel === "EMAIL";

export function stepCounts(
  channel: Channel,
  byStatus: Partial<Record<DeliveryStatus, number>>,
  machine: MachineCounts = { opened: 0, clicked: 0 },
  reports: ProviderReports = NO_REPORTS,
): StepCounts {
  const n = (...statuses: DeliveryStatus[]) =>
    statuses.reduce((sum, s) => sum + (byStatus[s] ?? 0), 0);
  const sent = n(...REACHED);
  const email = channel === "EMAIL";
  const accepted = email && reports.delivered === null;
  return {
    sent,
    delivered: email && !accepted ? (reports.delivered ?? 0) : sent,
    accepted,
    // Without the provider's reports nothing says how many bounced: not known, rather than none.
    hardBounced: email && !accepted ? reports.hardBounced : null,
    softBounced: email && !accepted ? reports.softBounced : null,
    complained: email && !accepted ? reports.complained : null,
    opened: hasOpens(channel) ? n("OPENED", "CLICKED") : null,
    clicked: n("CLICKED"),
    pending: n("PENDING", "SENDING"),
    failed: n("FAILED"),
    unknown: n("UNKNOWN"),
    skipped: n("SKIPPED"),
    machineOpened: hasOpens(channel) ? machine.opened : null,
    machineClicked: machine.clicked,
  };
}

export function stepRates(counts: StepCounts): StepRates {
  return {
    openRate:
      counts.opened === null ? null : rate(counts.opened, counts.delivered),
    clickRate: rate(counts.clicked, counts.delivered),
    clickToOpenRate:
      counts.opened === null ? null : rate(counts.clicked, counts.opened),
    bounceRate:
      counts.hardBounced === null || counts.softBounced === null
        ? null
        : rate(counts.hardBounced + counts.softBounced, counts.sent),
    complaintRate:
      counts.complained === null
        ? null
        : rate(counts.complained, counts.delivered),
  };
}

/** One value per calendar day from `from` (YYYY-MM-DD) for `days` days, zero where nothing happened. */
export function dailySeries(
  from: string,
  days: number,
  values: Record<string, number>,
): Array<{ day: string; value: number }> {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    return { day, value: values[day] ?? 0 };
  });
}

/** The calendar day (YYYY-MM-DD) of an instant at a fixed UTC offset in minutes. */
export function dayAt(instant: Date, offsetMinutes: number): string {
  return new Date(instant.valueOf() + offsetMinutes * 60_000)
    .toISOString()
    .slice(0, 10);
}

/** A zone's UTC offset in minutes at an instant (e.g. 180 for Europe/Moscow). */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  try {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      })
        .formatToParts(at)
        .map((p) => [p.type, p.value]),
    );
    const local = Date.UTC(
      +parts.year,
      +parts.month - 1,
      +parts.day,
      +parts.hour,
      +parts.minute,
    );
    return Math.round(
      (local - Math.floor(at.valueOf() / 60_000) * 60_000) / 60_000,
    );
  } catch {
    return 0;
  }
}

/** The last `days` calendar days at a fixed offset, today included: the first day and the instant it began. */
export function period(
  now: Date,
  days: number,
  offsetMinutes: number,
): { from: string; since: Date } {
  const from = new Date(
    Date.parse(`${dayAt(now, offsetMinutes)}T00:00:00Z`) -
      (days - 1) * 86_400_000,
  )
    .toISOString()
    .slice(0, 10);
  return {
    from,
    since: new Date(Date.parse(`${from}T00:00:00Z`) - offsetMinutes * 60_000),
  };
}
