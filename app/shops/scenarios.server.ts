// A shop's scenarios: activating a ready-made template (one click, its defaults or the merchant's
// parameters) and changing a scenario's status. Each change republishes the storefront's rules.
import type { Db, ScenarioStatus } from "../db.server";
import { parseScenarioDefinition } from "../scenarios/model";
import { resolveParameters, templateByKey } from "../scenarios/templates";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { publishStorefrontConfig } from "../storefront/publish.server";

export class ScenarioError extends Error {
  override name = "ScenarioError";
}

/** Creates (or reactivates) the shop's scenario of a template, active, and publishes it. */
export async function activateTemplate(
  db: Db,
  graphql: AdminGraphql | null,
  shopId: string,
  templateKey: string,
  parameters: Record<string, number> = {},
): Promise<{ id: string }> {
  const template = templateByKey(templateKey);
  if (!template) throw new ScenarioError(`no template "${templateKey}"`);
  const parsed = parseScenarioDefinition(template.build(resolveParameters(template, parameters)));
  if (!parsed.ok) throw new ScenarioError(`${templateKey}: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`);
  const definition = parsed.definition as object;
  const scenario = await db.$transaction(async (tx) => {
    const existing = await tx.scenario.findUnique({ where: { shopId_templateKey: { shopId, templateKey } } });
    if (!existing) {
      return tx.scenario.create({
        data: { shopId, templateKey, group: template.group, name: template.name.en, status: "ACTIVE", versions: { create: { version: 1, definition } } },
      });
    }
    // Versions are immutable: a new one, which new runs use; running contacts stay on theirs.
    const version = existing.currentVersion + 1;
    await tx.scenarioVersion.create({ data: { scenarioId: existing.id, version, definition } });
    return tx.scenario.update({ where: { id: existing.id }, data: { status: "ACTIVE", currentVersion: version } });
  });
  if (graphql) await publishStorefrontConfig(db, graphql, shopId);
  return { id: scenario.id };
}

export async function setScenarioStatus(db: Db, graphql: AdminGraphql | null, shopId: string, scenarioId: string, status: ScenarioStatus): Promise<void> {
  const { count } = await db.scenario.updateMany({ where: { id: scenarioId, shopId }, data: { status } });
  if (!count) throw new ScenarioError("no such scenario in this shop");
  if (graphql) await publishStorefrontConfig(db, graphql, shopId);
}
