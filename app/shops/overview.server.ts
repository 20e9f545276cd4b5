// What the admin pages show about a shop, read in one place so routes stay thin.
import type { Db, ScenarioGroup, ScenarioStatus } from "../db.server";

export const SCENARIO_GROUPS: ScenarioGroup[] = ["LEAD_GENERATION", "SALES", "RETENTION", "WIN_BACK"];

/** The dashboard's headline figures cover this many days up to now. */
export const HEADLINE_DAYS = 30;

export interface ShopOverview {
  shop: { id: string; domain: string; name: string | null; currencyCode: string; ianaTimezone: string };
  activeScenariosByGroup: Record<ScenarioGroup, number>;
  contacts: number;
  /** The last HEADLINE_DAYS days: orders credited to scenarios, their revenue by currency, runs started. */
  headline: { since: string; conversions: number; revenue: { currency: string; amount: string }[]; runsStarted: number };
}

export async function shopOverview(db: Db, domain: string, now = new Date()): Promise<ShopOverview> {
  const shop = await db.shop.upsert({ where: { domain }, create: { domain, settings: {} }, update: {} });
  const since = new Date(now.getTime() - HEADLINE_DAYS * 86_400_000);
  const [grouped, contacts, conversions, runsStarted] = await Promise.all([
    db.scenario.groupBy({ by: ["group"], where: { shopId: shop.id, status: "ACTIVE" }, _count: { _all: true } }),
    db.contact.count({ where: { shopId: shop.id } }),
    db.conversion.findMany({ where: { shopId: shop.id, occurredAt: { gte: since, lte: now } }, select: { revenue: true, currency: true } }),
    db.scenarioRun.count({ where: { shopId: shop.id, startedAt: { gte: since, lte: now } } }),
  ]);
  const activeScenariosByGroup = Object.fromEntries(SCENARIO_GROUPS.map((g) => [g, 0])) as Record<ScenarioGroup, number>;
  for (const row of grouped) activeScenariosByGroup[row.group] = row._count._all;
  const byCurrency = new Map<string, string[]>();
  for (const c of conversions) byCurrency.set(c.currency, [...(byCurrency.get(c.currency) ?? []), c.revenue]);
  return {
    shop: { id: shop.id, domain, name: shop.name, currencyCode: shop.currencyCode, ianaTimezone: shop.ianaTimezone },
    activeScenariosByGroup,
    contacts,
    headline: {
      since: since.toISOString(),
      conversions: conversions.length,
      revenue: [...byCurrency].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amounts]) => ({ currency, amount: sumDecimals(amounts) })),
      runsStarted,
    },
  };
}

/** Exact sum of decimal strings ("72.00" + "5.5" = "77.50"): money is never added as floats. */
export function sumDecimals(values: string[]): string {
  const valid = values.filter((v) => /^-?\d+(\.\d+)?$/.test(v.trim()));
  const scale = Math.max(2, ...valid.map((v) => v.split(".")[1]?.length ?? 0));
  let total = 0n;
  for (const v of valid) {
    const [whole, fraction = ""] = v.trim().replace("-", "").split(".");
    const units = BigInt(whole! + fraction.padEnd(scale, "0"));
    total += v.trim().startsWith("-") ? -units : units;
  }
  const sign = total < 0n ? "-" : "";
  const digits = (total < 0n ? -total : total).toString().padStart(scale + 1, "0");
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

export interface ScenarioListItem {
  id: string;
  name: string;
  group: ScenarioGroup;
  status: ScenarioStatus;
  templateKey: string | null;
  runsByStatus: Record<string, number>;
}

export async function listScenarios(db: Db, domain: string): Promise<ScenarioListItem[]> {
  const scenarios = await db.scenario.findMany({
    where: { shop: { domain }, status: { not: "ARCHIVED" } },
    orderBy: [{ group: "asc" }, { name: "asc" }],
  });
  if (scenarios.length === 0) return [];
  const runs = await db.scenarioRun.groupBy({
    by: ["scenarioId", "status"],
    where: { scenarioId: { in: scenarios.map((s) => s.id) } },
    _count: { _all: true },
  });
  return scenarios.map((s) => ({
    id: s.id,
    name: s.name,
    group: s.group,
    status: s.status,
    templateKey: s.templateKey,
    runsByStatus: Object.fromEntries(
      runs.filter((r) => r.scenarioId === s.id).map((r) => [r.status, r._count._all]),
    ),
  }));
}
