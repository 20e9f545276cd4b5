// An unfinished scenario is kept as a draft but never runs: a dangling branch is saved for a scenario
// that is not active, Activate refuses it in the merchant's words, and an active one keeps its
// finished version. On both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import {
  insertStep,
  newStep,
  type EditResult,
} from "../scenarios/editor/graph";
import { errorWords } from "../scenarios/editor/messages";
import type { ScenarioDefinition } from "../scenarios/model";
import { createScenario } from "./scenario-copies.server";
import {
  changeStatus,
  loadScenarioForEditing,
  saveScenarioDefinition,
} from "./scenario-editor.server";

const DOMAIN = "drafts.myshopify.com";

const done = (result: EditResult): ScenarioDefinition => {
  if (!result.ok) throw new Error(result.reason);
  return result.definition;
};

describe.each(PROVIDERS)("a draft scenario on %s", (provider) => {
  let t: TestDatabase;
  let id: string;
  const load = async () => (await loadScenarioForEditing(t.db, DOMAIN, id))!;
  /** The blank scenario with a condition after its message whose ways lead nowhere. */
  const dangling = async () => {
    const { definition } = await load();
    const message = definition.steps[0]!;
    return done(
      insertStep(
        definition,
        { from: message.id, port: "next" },
        newStep("branch", definition),
      ),
    );
  };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await t.db.shop.create({ data: { domain: DOMAIN, settings: {} } });
    const made = await createScenario(t.db, DOMAIN, {
      name: "Built by hand",
      group: "SALES",
      from: { blank: "added_to_cart" },
    });
    if (!made.ok) throw new Error(made.reason);
    id = made.id;
  });
  afterAll(() => t?.drop());

  it("saves a dangling branch as a new version of a draft, and Activate refuses it on its step", async () => {
    const saved = await saveScenarioDefinition(
      t.db,
      null,
      DOMAIN,
      id,
      await dangling(),
      1,
    );
    expect(saved).toEqual({
      ok: true,
      version: 2,
      unfinished: [
        {
          field: "steps.1",
          message: 'step "branch-1": nothing is sent after this step',
        },
      ],
    });
    const loaded = await load();
    expect(loaded.version).toBe(2);
    expect(loaded.drawable).toBe(true);
    expect(loaded.definition.steps.map((s) => s.id)).toEqual([
      "send-1",
      "branch-1",
    ]);
    const refused = await changeStatus(t.db, null, DOMAIN, id, "ACTIVE");
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.errors.map((e) => errorWords(e.message, "ru"))).toEqual([
      "После этого шага ничего не отправляется: добавьте после него сообщение или удалите шаг",
    ]);
    expect((await load()).status).toBe("DRAFT");
  });

  it("activates once the branch leads to a message", async () => {
    const { definition } = await load();
    const branch = definition.steps.find((s) => s.id === "branch-1")!;
    const fixed = done(
      insertStep(
        definition,
        { from: branch.id, port: "then" },
        newStep("send", definition),
      ),
    );
    expect(
      await saveScenarioDefinition(t.db, null, DOMAIN, id, fixed, 2),
    ).toEqual({ ok: true, version: 3 });
    expect(await changeStatus(t.db, null, DOMAIN, id, "ACTIVE")).toEqual({
      ok: true,
      version: 3,
    });
  });

  it("refuses a dangling branch for an active scenario, writing nothing", async () => {
    const before = await t.db.scenarioVersion.count({
      where: { scenarioId: id },
    });
    const { definition } = await load();
    const wait = newStep("wait", definition);
    const last = definition.steps.find((s) => s.id === "send-2")!;
    const unfinished = done(
      insertStep(definition, { from: last.id, port: "next" }, wait),
    );
    const saved = await saveScenarioDefinition(
      t.db,
      null,
      DOMAIN,
      id,
      unfinished,
      3,
    );
    expect(saved).toEqual({
      ok: false,
      errors: [
        {
          field: "steps.3",
          message: 'step "wait-1": nothing is sent after this step',
        },
      ],
    });
    expect(
      await t.db.scenarioVersion.count({ where: { scenarioId: id } }),
    ).toBe(before);
  });

  it("refuses a draft whose step has a field that is wrong, on that field", async () => {
    await changeStatus(t.db, null, DOMAIN, id, "PAUSED");
    const { definition, version } = await load();
    const broken = {
      ...definition,
      steps: definition.steps.map((s) =>
        s.type === "send"
          ? { ...s, message: { ...s.message, body: { en: "" } } }
          : s,
      ),
    };
    const saved = await saveScenarioDefinition(
      t.db,
      null,
      DOMAIN,
      id,
      broken,
      version,
    );
    expect(saved.ok).toBe(false);
    if (saved.ok) return;
    expect(saved.errors.map((e) => e.field)).toContain(
      "steps.0.message.body.en",
    );
    expect((await load()).version).toBe(version);
  });
});
