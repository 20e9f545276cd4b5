// When a message may go out: quiet hours in the contact's zone, and one daily budget across all
// channels. A message that may not go now is deferred to the next allowed moment, never dropped.
import { addLocalDays, localParts, zonedInstant } from "./local-time";

export interface QuietHours {
  /** Local hour quiet starts (e.g. 21). */
  start: number;
  /** Local hour quiet ends (e.g. 9). */
  end: number;
}

function inQuietHours(hour: number, quiet: QuietHours): boolean {
  if (quiet.start === quiet.end) return false;
  return quiet.start > quiet.end
    ? hour >= quiet.start || hour < quiet.end
    : hour >= quiet.start && hour < quiet.end;
}

/** `now` if outside quiet hours, else the local end of the quiet period. */
export function nextOutsideQuietHours(
  now: Date,
  timeZone: string,
  quiet: QuietHours,
): Date {
  const local = localParts(now, timeZone);
  if (!inQuietHours(local.hour, quiet)) return now;
  const day =
    quiet.start > quiet.end && local.hour >= quiet.start
      ? addLocalDays(local, 1)
      : local;
  return zonedInstant(day.year, day.month, day.day, quiet.end, timeZone);
}

/**
 * The first moment a marketing message may go: outside quiet hours and, if the contact already
 * received `cap` marketing messages on that local day, on a later day.
 */
export function nextAllowedSend(input: {
  now: Date;
  timeZone: string;
  quiet: QuietHours;
  dailyCap: number;
  /** When the contact's earlier marketing messages went out (any channel). */
  sentAt: Date[];
}): Date {
  let at = nextOutsideQuietHours(input.now, input.timeZone, input.quiet);
  for (let i = 0; i < 366; i++) {
    const day = localParts(at, input.timeZone);
    const sameDay = input.sentAt.filter((s) => {
      const p = localParts(s, input.timeZone);
      return p.year === day.year && p.month === day.month && p.day === day.day;
    }).length;
    if (sameDay < input.dailyCap) return at;
    const tomorrow = addLocalDays(day, 1);
    at = nextOutsideQuietHours(
      zonedInstant(
        tomorrow.year,
        tomorrow.month,
        tomorrow.day,
        0,
        input.timeZone,
      ),
      input.timeZone,
      input.quiet,
    );
  }
  return at;
}
