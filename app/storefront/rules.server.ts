// A storefront rule as the server knows it: the rule id the browser names ("<scenario>:<step>")
// resolved against the shop's active scenario, so nothing the browser says about an offer or a
// step is taken on its word.
import type { Db, Scenario } from "../db.server";
import { definitionOrPause } from "../runs/versions.server";
import type { Message, ScenarioDefinition } from "../scenarios/model";

export interface ServerRule {
  scenario: Scenario;
  definition: ScenarioDefinition;
  stepId: string;
  message: Message;
  channel: "POPUP" | "CHAT";
  marketing: boolean;
  /** Where the run goes on after the message; null ends it. */
  next: string | null;
}

export async function serverRule(
  db: Db,
  shopId: string,
  ruleId: string,
): Promise<ServerRule | null> {
  const [scenarioId, stepId] = ruleId.split(":");
  if (!scenarioId || !stepId) return null;
  const scenario = await db.scenario.findFirst({
    where: { id: scenarioId, shopId, status: "ACTIVE" },
  });
  if (!scenario) return null;
  const definition = await definitionOrPause(
    db,
    scenario.id,
    scenario.currentVersion,
  );
  const step = definition?.steps.find((s) => s.id === stepId);
  if (!definition || step?.type !== "send") return null;
  const channel = step.channels.find((c) => c === "popup" || c === "chat");
  if (!channel) return null;
  return {
    scenario,
    definition,
    stepId,
    message: step.message,
    channel: channel === "popup" ? "POPUP" : "CHAT",
    marketing: step.marketing,
    next: step.next ?? null,
  };
}
