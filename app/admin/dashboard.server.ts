// What the admin pages show about a shop, read in one place so routes stay thin.
import {
  deliverability,
  type Deliverability,
} from "../analytics/deliverability.server";
import { shopHeadline, type Headline } from "../analytics/headline.server";
import type { Db, ScenarioGroup, ScenarioStatus } from "../db.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { ScenarioError, setScenarioStatus } from "./scenarios.server";
import {
  historySyncView,
  type HistorySyncView,
} from "../events/history.server";

export const SCENARIO_GROUPS: ScenarioGroup[] = [
  "LEAD_GENERATION",
  "SALES",
  "RETENTION",
  "WIN_BACK",
];

/** The dashboard's headline figures cover this many days up to now. */
export const HEADLINE_DAYS = 30;

export interface ShopOverview {
  shop: {
    id: string;
    domain: string;
    name: string | null;
    currencyCode: string;
    ianaTimezone: string;
  };
  activeScenariosByGroup: Record<ScenarioGroup, number>;
  contacts: number;
  /** The import of the shop's past from Shopify: its phase and counts; null before it was queued. */
  history: HistorySyncView | null;
  /** The last HEADLINE_DAYS days: runs started, orders credited to scenarios, their revenue, the holdout lift. */
  headline: Headline & { since: string };
  /** The last HEADLINE_DAYS days' email: bounce and complaint rates, and warnings near the limits. */
  deliverability: Deliverability;
}

export async function shopOverview(
  db: Db,
  domain: string,
  now = new Date(),
): Promise<ShopOverview> {
  const shop = await db.shop.upsert({
    where: { domain },
    create: { domain, settings: {} },
    update: {},
  });
  const since = new Date(now.getTime() - HEADLINE_DAYS * 86_400_000);
  const [grouped, contacts, headline, history, email] = await Promise.all([
    db.scenario.groupBy({
      by: ["group"],
      where: { shopId: shop.id, status: "ACTIVE" },
      _count: { _all: true },
    }),
    db.contact.count({ where: { shopId: shop.id } }),
    shopHeadline(db, shop.id, since),
    db.historySync.findUnique({ where: { shopId: shop.id } }),
    deliverability(db, shop.id, now, HEADLINE_DAYS),
  ]);
  const activeScenariosByGroup = Object.fromEntries(
    SCENARIO_GROUPS.map((g) => [g, 0]),
  ) as Record<ScenarioGroup, number>;
  for (const row of grouped)
    activeScenariosByGroup[row.group] = row._count._all;
  return {
    shop: {
      id: shop.id,
      domain,
      name: shop.name,
      currencyCode: shop.currencyCode,
      ianaTimezone: shop.ianaTimezone,
    },
    activeScenariosByGroup,
    contacts,
    history: historySyncView(history),
    headline: { ...headline, since: since.toISOString() },
    deliverability: email,
  };
}

/** The deliverability warning's button: pauses the scenario it names, as its page's pause does. */
export async function pauseFromDashboard(
  db: Db,
  graphql: AdminGraphql | null,
  domain: string,
  scenarioId: string,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const shop = await db.shop.findUnique({
    where: { domain },
    select: { id: true },
  });
  if (!shop) return { ok: false, error: "no such scenario in this shop" };
  try {
    await setScenarioStatus(db, graphql, shop.id, scenarioId, "PAUSED");
    return { ok: true };
  } catch (error) {
    if (error instanceof ScenarioError)
      return { ok: false, error: error.message };
    throw error;
  }
}

export interface ScenarioListItem {
  id: string;
  name: string;
  group: ScenarioGroup;
  status: ScenarioStatus;
  templateKey: string | null;
  runsByStatus: Record<string, number>;
}

export async function listScenarios(
  db: Db,
  domain: string,
): Promise<ScenarioListItem[]> {
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
      runs
        .filter((r) => r.scenarioId === s.id)
        .map((r) => [r.status, r._count._all]),
    ),
  }));
}
