// A scenario's analytics as one CSV: the per-step table, a blank line, then the daily series.
// Column names in English and rates as fractions (0.25), for spreadsheets rather than reading.
import { toCsv, type Cell } from "./csv";
import type { ScenarioAnalytics } from "./scenario.server";

const ratio = (value: number | null): Cell =>
  value === null ? "n/a" : Number(value.toFixed(4));

export function analyticsCsv(
  a: Pick<ScenarioAnalytics, "steps" | "days">,
): string {
  const steps: Cell[][] = [
    [
      "step",
      "channel",
      "sent_or_shown",
      "delivered",
      "opened",
      "clicked",
      "open_rate",
      "ctr",
      "ctor",
      "pending",
      "failed",
      "unknown",
      "skipped",
      "conversions",
      "rules",
      "revenue",
      "machine_opened",
      "machine_clicked",
      "delivered_is",
      "hard_bounced",
      "soft_bounced",
      "complained",
      "bounce_rate",
      "complaint_rate",
    ],
  ];
  for (const s of a.steps) {
    const revenue = new Map<string, number>();
    for (const credit of s.credited)
      for (const m of credit.revenue)
        revenue.set(m.currency, (revenue.get(m.currency) ?? 0) + m.amount);
    steps.push([
      s.stepId,
      s.channel,
      s.counts.sent,
      s.counts.delivered,
      s.counts.opened ?? "n/a",
      s.counts.clicked,
      ratio(s.rates.openRate),
      ratio(s.rates.clickRate),
      ratio(s.rates.clickToOpenRate),
      s.counts.pending,
      s.counts.failed,
      s.counts.unknown,
      s.counts.skipped,
      s.credited.reduce((n, c) => n + c.conversions, 0),
      s.credited
        .map((c) =>
          c.rule === "DISCOUNT_CODE"
            ? `code used: ${c.conversions}`
            : `click within ${c.windowDays} days: ${c.conversions}`,
        )
        .join("; "),
      [...revenue]
        .map(([currency, total]) => `${total.toFixed(2)} ${currency}`)
        .join("; "),
      s.counts.machineOpened ?? "n/a",
      s.counts.machineClicked,
      // Email before the provider's reports: only what the provider accepted.
      s.counts.accepted ? "accepted" : "delivered",
      s.counts.hardBounced ?? "n/a",
      s.counts.softBounced ?? "n/a",
      s.counts.complained ?? "n/a",
      ratio(s.rates.bounceRate),
      ratio(s.rates.complaintRate),
    ]);
  }
  const days: Cell[][] = [
    ["day", "launches", "conversions"],
    ...a.days.map((d) => [d.day, d.launches, d.conversions]),
  ];
  return toCsv([...steps, [], ...days]);
}
