// Many contacts waiting in one scenario, written straight to the database as the runner leaves
// them: a wait, then an email. For the worker's crash tests and the scheduler benchmark, which need
// thousands (or a million) of waits without replaying the events that would start them.
import type { Db } from "../../app/db.server";
import {
  parseScenarioDefinition,
  type ScenarioDefinitionInput,
} from "../../app/scenarios/model";

export const WAIT_THEN_EMAIL: ScenarioDefinitionInput = {
  schemaVersion: 1,
  trigger: { type: "added_to_cart" },
  start: "wait",
  steps: [
    {
      id: "wait",
      type: "wait",
      duration: { amount: 1, unit: "minutes" },
      next: "mail",
    },
    {
      id: "mail",
      type: "send",
      channels: ["email"],
      message: {
        key: "test.reminder",
        title: { en: "Still thinking?" },
        body: { en: "Your cart is waiting." },
      },
    },
  ],
};

/** A scenario of the shop with `count` contacts waiting in it; the i-th is due at `dueAt(i)`. */
export async function createWaitingRuns(
  db: Db,
  shopId: string,
  count: number,
  dueAt: (i: number) => Date,
  tag = "w",
): Promise<{ scenarioId: string }> {
  const parsed = parseScenarioDefinition(WAIT_THEN_EMAIL);
  if (!parsed.ok) throw new Error("the test scenario is invalid");
  const scenario = await db.scenario.create({
    data: {
      shopId,
      group: "SALES",
      name: `Waiting ${tag}`,
      status: "ACTIVE",
      versions: {
        create: { version: 1, definition: parsed.definition as object },
      },
    },
  });
  const startedAt = new Date();
  for (let from = 0; from < count; from += 5_000) {
    const ids = Array.from(
      { length: Math.min(5_000, count - from) },
      (_, k) => from + k,
    );
    await db.contact.createMany({
      data: ids.map((i) => ({
        id: `${tag}-c${i}`,
        shopId,
        email: `${tag}-${i}@example.com`,
        emailConsent: "SUBSCRIBED" as const,
        tags: [],
      })),
    });
    await db.scenarioRun.createMany({
      data: ids.map((i) => {
        const due = dueAt(i).toISOString();
        const state = {
          status: "waiting",
          stepId: "wait",
          startedAt: startedAt.toISOString(),
          dueAt: due,
          variant: null,
          processedEventIds: [],
          reason: null,
        };
        return {
          id: `${tag}-r${i}`,
          shopId,
          scenarioId: scenario.id,
          scenarioVersion: 1,
          contactId: `${tag}-c${i}`,
          status: "WAITING" as const,
          state,
          stepId: "wait",
          nextDueAt: new Date(due),
          startedAt,
          activeKey: `${scenario.id}:${tag}-c${i}`,
        };
      }),
    });
  }
  return { scenarioId: scenario.id };
}
