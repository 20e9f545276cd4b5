// Scenario versions as the runner and the deliveries read them: a version's row, its definition
// upgraded to the current schema and parsed (app/scenarios/model/upgrade.ts). Its own module, below
// the runner, so the deliveries and the storefront read a definition without importing the runner
// (which imports the deliveries). A version that cannot be read pauses its scenario with the reason
// (`definitionOrPause`), rather than failing every contact who reaches it.
import { z } from "zod";
import type { Db } from "../db.server";
import type { JobQueue } from "../jobs/types";
import { logger } from "../logger.server";
import {
  UnreadableReason,
  upgradeDefinition,
  type ReadDefinition,
  type ScenarioDefinition,
} from "../scenarios/model";

/**
 * The job that publishes a shop's storefront rules again (`{ shopId }`; handled in
 * jobs/handlers.server.ts, which has the shop's Shopify access): after the worker paused a scenario.
 */
export const PUBLISH_STOREFRONT_JOB = "storefront.publish";

/** For `definitionOrPause`'s `paused`: the shop's storefront rules published again, without the scenario. */
export const republish = (queue: JobQueue, shopId: string) => async () => {
  await queue.enqueue(PUBLISH_STOREFRONT_JOB, { shopId }, { attempts: 3 });
};

const definitions = new Map<string, ScenarioDefinition>();

/**
 * A version's definition read through the upgrade chain, or why it cannot be read; null when the
 * scenario has no such version. Versions are immutable, so a readable one is cached by its scenario
 * and number (an unreadable one is read again: support may repair it).
 */
export async function readVersion(
  db: Db,
  scenarioId: string,
  version: number,
): Promise<ReadDefinition | null> {
  const key = `${scenarioId}:${version}`;
  const cached = definitions.get(key);
  if (cached) return { ok: true, definition: cached, upgradedFrom: null };
  const row = await db.scenarioVersion.findUnique({
    where: { scenarioId_version: { scenarioId, version } },
  });
  if (!row) return null;
  const read = upgradeDefinition(row.definition);
  if (read.ok) {
    if (definitions.size > 1000) definitions.clear();
    definitions.set(key, read.definition);
  }
  return read;
}

/** A version's definition, or null when there is none or it cannot be read. */
export async function definitionOf(
  db: Db,
  scenarioId: string,
  version: number,
): Promise<ScenarioDefinition | null> {
  const read = await readVersion(db, scenarioId, version);
  return read?.ok ? read.definition : null;
}

/** What `Scenario.pausedReason` holds: the version the app could not read, and why. */
export const PausedReason = z.object({
  version: z.number().int(),
  reason: UnreadableReason,
});
export type PausedReason = z.infer<typeof PausedReason>;

/** The stored reason, or null (none, or written by another app version in a shape not known here). */
export function pausedReasonOf(stored: string | null): PausedReason | null {
  if (stored === null) return null;
  try {
    const parsed = PausedReason.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A version the app cannot read stops its scenario: an ACTIVE one is paused with the reason (a
 * paused, draft or archived one is left as it is). Returns whether it was paused now.
 */
export async function pauseUnreadable(
  db: Db,
  scenarioId: string,
  version: number,
  reason: UnreadableReason,
): Promise<boolean> {
  const pausedReason: PausedReason = { version, reason };
  const { count } = await db.scenario.updateMany({
    where: { id: scenarioId, status: "ACTIVE" },
    data: { status: "PAUSED", pausedReason: JSON.stringify(pausedReason) },
  });
  if (count)
    logger.warn("scenarios: paused, a version cannot be read", {
      scenario: scenarioId,
      version,
      reason: reason.kind,
    });
  return count > 0;
}

/**
 * A version's definition; one that cannot be read pauses its scenario (`pauseUnreadable`) and gives
 * null, as does a version that does not exist. `paused`: called when this call paused it.
 */
export async function definitionOrPause(
  db: Db,
  scenarioId: string,
  version: number,
  paused?: () => Promise<void>,
): Promise<ScenarioDefinition | null> {
  const read = await readVersion(db, scenarioId, version);
  if (!read) return null;
  if (read.ok) return read.definition;
  if (await pauseUnreadable(db, scenarioId, version, read.reason))
    await paused?.();
  return null;
}
