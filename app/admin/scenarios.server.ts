// A shop's scenarios: activating a ready-made template (one click, its defaults or the merchant's
// parameters), the recommended ones at once, and changing a scenario's status. Each change
// republishes the storefront's rules. Pausing keeps everything (runs, deliveries, versions);
// resuming checks that the current version still validates.
import type { Db, ScenarioStatus } from "../db.server";
import type { Channel, Trigger } from "../scenarios/model";
import { parseNewScenarioDefinition } from "../scenarios/model";
import {
  channelsOf,
  outline,
  type OutlineItem,
} from "../scenarios/outline/outline";
import {
  resolveParameters,
  templateByKey,
  TEMPLATES,
  type Template,
} from "../scenarios/templates";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { releaseHeldRuns } from "../runs/scheduler.server";
import { readVersion } from "../runs/versions.server";
import { publishStorefrontConfig } from "../storefront/publish.server";

export class ScenarioError extends Error {
  override name = "ScenarioError";
}

const describeErrors = (errors: { field: string; message: string }[]) =>
  errors.map((e) => `${e.field}: ${e.message}`).join("; ");

/** Creates (or reactivates) the shop's scenario of a template, active, and publishes it. */
export async function activateTemplate(
  db: Db,
  graphql: AdminGraphql | null,
  shopId: string,
  templateKey: string,
  parameters: Record<string, number> = {},
  now: Date = new Date(),
): Promise<{ id: string }> {
  const template = templateByKey(templateKey);
  if (!template) throw new ScenarioError(`no template "${templateKey}"`);
  const parsed = parseNewScenarioDefinition(
    template.build(resolveParameters(template, parameters)),
  );
  if (!parsed.ok)
    throw new ScenarioError(`${templateKey}: ${describeErrors(parsed.errors)}`);
  const definition = parsed.definition as object;
  const scenario = await db.$transaction(async (tx) => {
    const existing = await tx.scenario.findUnique({
      where: { shopId_templateKey: { shopId, templateKey } },
    });
    if (!existing) {
      return tx.scenario.create({
        data: {
          shopId,
          templateKey,
          group: template.group,
          name: template.name.en,
          status: "ACTIVE",
          activatedAt: now,
          versions: { create: { version: 1, definition } },
        },
      });
    }
    // Versions are immutable: a new one, which new runs use; running contacts stay on theirs.
    const version = existing.currentVersion + 1;
    await tx.scenarioVersion.create({
      data: { scenarioId: existing.id, version, definition },
    });
    await tx.scenario.update({
      where: { id: existing.id },
      data: {
        status: "ACTIVE",
        currentVersion: version,
        pausedReason: null,
        activatedAt: existing.activatedAt ?? now,
      },
    });
    return { ...existing, currentVersion: version };
  });
  if (scenario.pausedReason !== null || scenario.currentVersion > 1) {
    // Reactivated: as when resumed (see changeStatus).
    await failRunsOnUnreadableVersions(
      db,
      scenario.id,
      scenario.currentVersion,
    );
    if (scenario.pausedReason !== null) await releaseHeldRuns(db, scenario.id);
  }
  if (graphql) await publishStorefrontConfig(db, graphql, shopId);
  return { id: scenario.id };
}

/**
 * Pauses, resumes or archives a scenario and republishes. A scenario goes (back) to ACTIVE only
 * if its current version validates: the reason is given otherwise, and nothing changes. Resumed
 * (or archived), the reason the app paused it for is cleared and the runs it held wait again.
 */
export async function setScenarioStatus(
  db: Db,
  graphql: AdminGraphql | null,
  shopId: string,
  scenarioId: string,
  status: ScenarioStatus,
): Promise<void> {
  await changeStatus(db, shopId, scenarioId, status);
  if (graphql) await publishStorefrontConfig(db, graphql, shopId);
}

async function changeStatus(
  db: Db,
  shopId: string,
  scenarioId: string,
  status: ScenarioStatus,
): Promise<void> {
  const scenario = await db.scenario.findFirst({
    where: { id: scenarioId, shopId },
  });
  if (!scenario) throw new ScenarioError("no such scenario in this shop");
  if (status === "ACTIVE") {
    const read = await readVersion(db, scenarioId, scenario.currentVersion);
    if (!read)
      throw new ScenarioError(
        `"${scenario.name}" has no version ${scenario.currentVersion} to run`,
      );
    if (!read.ok)
      throw new ScenarioError(
        `"${scenario.name}" version ${scenario.currentVersion} is not valid: ${describeErrors(read.errors)}`,
      );
    await failRunsOnUnreadableVersions(db, scenarioId, scenario.currentVersion);
  }
  const clears = status === "ACTIVE" || status === "ARCHIVED";
  // Conditional on what was read: a concurrent edit that made a new version is not resumed unchecked.
  const { count } = await db.scenario.updateMany({
    where: { id: scenarioId, shopId, currentVersion: scenario.currentVersion },
    data: {
      status,
      ...(clears ? { pausedReason: null } : {}),
      // The first activation: win-back reaches silences that begin after it (runs/inactivity.server.ts).
      ...(status === "ACTIVE" && !scenario.activatedAt
        ? { activatedAt: new Date() }
        : {}),
    },
  });
  if (!count)
    throw new ScenarioError(`"${scenario.name}" changed meanwhile; try again`);
  // Held while the app had it paused: back to their waits (archived, they end at their time).
  if (clears && scenario.pausedReason !== null)
    await releaseHeldRuns(db, scenarioId);
}

/**
 * Resuming with a current version that reads: contacts still on an older version that does not
 * (it was damaged, and the merchant saved the scenario again) cannot go on, and would pause the
 * scenario again; their runs end as failed, with the reason.
 */
async function failRunsOnUnreadableVersions(
  db: Db,
  scenarioId: string,
  current: number,
): Promise<void> {
  const versions = await db.scenarioRun.groupBy({
    by: ["scenarioVersion"],
    where: {
      scenarioId,
      activeKey: { not: null },
      scenarioVersion: { not: current },
    },
  });
  for (const { scenarioVersion } of versions) {
    const read = await readVersion(db, scenarioId, scenarioVersion);
    if (read?.ok) continue;
    await db.scenarioRun.updateMany({
      where: { scenarioId, scenarioVersion, activeKey: { not: null } },
      data: {
        status: "FAILED",
        activeKey: null,
        nextDueAt: null,
        endedAt: new Date(),
        revision: { increment: 1 },
        errorReason: `version ${scenarioVersion} of the scenario cannot be read: ${read ? read.words.en : "it does not exist"}`,
      },
    });
  }
}

/** The shop's scenario of each template it has set up (archived ones count as not set up). */
export async function templateScenarios(
  db: Db,
  shopId: string,
): Promise<Record<string, { id: string; status: ScenarioStatus }>> {
  const rows = await db.scenario.findMany({
    where: { shopId, templateKey: { not: null }, status: { not: "ARCHIVED" } },
    select: { id: true, status: true, templateKey: true },
  });
  return Object.fromEntries(
    rows.map((r) => [r.templateKey!, { id: r.id, status: r.status }]),
  );
}

export interface RecommendedResult {
  /** Template keys set up now with their defaults. */
  activated: string[];
  /** Template keys whose paused (or draft) scenario was resumed as the merchant left it. */
  resumed: string[];
  failed: { key: string; reason: string }[];
}

/**
 * "Activate all recommended": every template marked set-up-first that is not active. One never set
 * up gets its defaults; a paused one is resumed with its own version (not overwritten). The
 * storefront is republished once, after all of them.
 */
export async function activateRecommended(
  db: Db,
  graphql: AdminGraphql | null,
  shopId: string,
): Promise<RecommendedResult> {
  const existing = await templateScenarios(db, shopId);
  const result: RecommendedResult = { activated: [], resumed: [], failed: [] };
  try {
    for (const template of TEMPLATES.filter((t) => t.setUpFirst)) {
      const scenario = existing[template.key];
      if (scenario?.status === "ACTIVE") continue;
      try {
        if (scenario) {
          await changeStatus(db, shopId, scenario.id, "ACTIVE");
          result.resumed.push(template.key);
        } else {
          await activateTemplate(db, null, shopId, template.key);
          result.activated.push(template.key);
        }
      } catch (error) {
        if (!(error instanceof ScenarioError || error instanceof RangeError))
          throw error;
        result.failed.push({ key: template.key, reason: error.message });
      }
    }
  } finally {
    // Even when a later one failed: the storefront must show the ones already active.
    if (graphql && (result.activated.length || result.resumed.length))
      await publishStorefrontConfig(db, graphql, shopId);
  }
  return result;
}

export interface TemplateCard {
  key: string;
  group: Template["group"];
  setUpFirst: boolean;
  name: Template["name"];
  description: Template["description"];
  /** The path of its default definition, as the map draws it. */
  trigger: Trigger;
  outline: OutlineItem[];
  channels: Channel[];
  /** The shop's scenario of it, if set up (not archived). */
  scenario: { id: string; status: ScenarioStatus } | null;
}

/** The templates page: every template with its default path and the shop's scenario of it. */
export async function templateCatalogue(
  db: Db,
  shopId: string,
): Promise<TemplateCard[]> {
  const scenarios = await templateScenarios(db, shopId);
  return TEMPLATES.map((template) => {
    const definition = template.build(resolveParameters(template));
    return {
      key: template.key,
      group: template.group,
      setUpFirst: template.setUpFirst,
      name: template.name,
      description: template.description,
      trigger: definition.trigger as Trigger,
      outline: outline(definition),
      channels: channelsOf(definition),
      scenario: scenarios[template.key] ?? null,
    };
  });
}
