// Scenarios the merchant makes and removes: a new one, blank (a trigger and one message) or from
// any template's steps; a duplicate of one; and deleting a paused or draft one. New scenarios start
// as drafts, to be shaped and activated on their page. A copy's messages get keys of their own, so a
// contact who received the original's message can still receive the copy's.
import type { Db, ScenarioGroup } from "../db.server";
import {
  blankDefinition,
  defaultTrigger,
  rekeyMessages,
  type TriggerType,
} from "../scenarios/editor/blank";
import {
  parseNewScenarioDefinition,
  upgradeDefinition,
  type ScenarioDefinition,
} from "../scenarios/model";
import { resolveParameters, templateByKey } from "../scenarios/templates";

export type Made = { ok: true; id: string } | { ok: false; reason: string };

const suffixOf = (id: string) => id.slice(-8).toLowerCase();

async function shopIdOf(db: Db, domain: string) {
  return (await db.shop.findUnique({ where: { domain }, select: { id: true } }))
    ?.id;
}

/** A draft scenario: blank with `trigger`, or with a template's steps (its defaults). */
export async function createScenario(
  db: Db,
  domain: string,
  input: {
    name: string;
    group: ScenarioGroup;
    from: { blank: TriggerType } | { template: string };
  },
): Promise<Made> {
  const shopId = await shopIdOf(db, domain);
  if (!shopId) return { ok: false, reason: "no such shop" };
  const name = input.name.trim().slice(0, 100);
  if (!name) return { ok: false, reason: "name" };
  let definition: ScenarioDefinition;
  if ("blank" in input.from) {
    const trigger = defaultTrigger(input.from.blank);
    if (!trigger) return { ok: false, reason: "trigger" };
    definition = blankDefinition(trigger);
  } else {
    const template = templateByKey(input.from.template);
    if (!template) return { ok: false, reason: "template" };
    const parsed = parseNewScenarioDefinition(
      template.build(resolveParameters(template)),
    );
    if (!parsed.ok) return { ok: false, reason: "template" };
    definition = parsed.definition;
  }
  return db.$transaction(async (tx) => {
    const scenario = await tx.scenario.create({
      data: { shopId, group: input.group, name, status: "DRAFT" },
    });
    // Built from a template, yet not that template's scenario: its messages are its own.
    const own =
      "template" in input.from
        ? rekeyMessages(definition, suffixOf(scenario.id))
        : definition;
    await tx.scenarioVersion.create({
      data: { scenarioId: scenario.id, version: 1, definition: own as object },
    });
    return { ok: true as const, id: scenario.id };
  });
}

/** A draft copy of a scenario's current version, named `name`, with messages of its own. */
export async function duplicateScenario(
  db: Db,
  domain: string,
  id: string,
  name: string,
): Promise<Made> {
  const source = await db.scenario.findFirst({
    where: { id, shop: { domain } },
  });
  if (!source) return { ok: false, reason: "no such scenario in this shop" };
  const version = await db.scenarioVersion.findUnique({
    where: {
      scenarioId_version: { scenarioId: id, version: source.currentVersion },
    },
  });
  const read = upgradeDefinition(version?.definition);
  if (!read.ok) return { ok: false, reason: "unreadable" };
  return db.$transaction(async (tx) => {
    const copy = await tx.scenario.create({
      data: {
        shopId: source.shopId,
        group: source.group,
        name: name.trim().slice(0, 100) || source.name,
        status: "DRAFT",
      },
    });
    const definition = rekeyMessages(read.definition, suffixOf(copy.id));
    await tx.scenarioVersion.create({
      data: {
        scenarioId: copy.id,
        version: 1,
        definition: definition as object,
      },
    });
    return { ok: true as const, id: copy.id };
  });
}

/**
 * Deletes a paused or draft scenario with its versions, runs, messages and credited orders: its
 * analytics go with it and leave the shop's totals. An active one must be paused first.
 */
export async function deleteScenario(
  db: Db,
  domain: string,
  id: string,
): Promise<{ ok: true } | { ok: false; reason: "active" | "missing" }> {
  const { count } = await db.scenario.deleteMany({
    where: { id, shop: { domain }, status: { in: ["PAUSED", "DRAFT"] } },
  });
  if (count) return { ok: true };
  const exists = await db.scenario.count({ where: { id, shop: { domain } } });
  return { ok: false, reason: exists ? "active" : "missing" };
}
