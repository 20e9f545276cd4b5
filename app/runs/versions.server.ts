// Scenario versions as the runner and the deliveries read them: a version's row, its definition
// parsed. Its own module, below the runner, so the deliveries and the storefront read a
// definition without importing the runner (which imports the deliveries).
import type { Db } from "../db.server";
import {
  parseScenarioDefinition,
  type ScenarioDefinition,
} from "../scenarios/model";

const definitions = new Map<string, ScenarioDefinition>();

/** Versions are immutable, so a parsed definition is cached by its scenario and number. */
export async function definitionOf(
  db: Db,
  scenarioId: string,
  version: number,
): Promise<ScenarioDefinition | null> {
  const key = `${scenarioId}:${version}`;
  const cached = definitions.get(key);
  if (cached) return cached;
  const row = await db.scenarioVersion.findUnique({
    where: { scenarioId_version: { scenarioId, version } },
  });
  if (!row) return null;
  const parsed = parseScenarioDefinition(row.definition);
  if (!parsed.ok) return null;
  if (definitions.size > 1000) definitions.clear();
  definitions.set(key, parsed.definition);
  return parsed.definition;
}
