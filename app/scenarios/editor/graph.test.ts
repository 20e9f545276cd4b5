import { describe, expect, it } from "vitest";
import {
  deadEndErrors,
  parseNewScenarioDefinition,
  parseScenarioDefinition,
  Step,
  type ScenarioDefinition,
  type StepType,
} from "../model";
import { TEMPLATES, resolveParameters } from "../templates";
import {
  canRedo,
  canUndo,
  deleteStep,
  edgesOf,
  graphIssues,
  history,
  insertStep,
  isClean,
  moveStep,
  needsPathChoice,
  newStep,
  portsOf,
  push,
  redo,
  replace,
  setTarget,
  targetsFor,
  undo,
  validateDraft,
  validateForPublish,
  type EditResult,
} from "./graph";

const TYPES = Step.options.map((o) => o.shape.type.value) as StepType[];

const templateDefinition = (key: string): ScenarioDefinition => {
  const template = TEMPLATES.find((t) => t.key === key)!;
  const parsed = parseScenarioDefinition(
    template.build(resolveParameters(template)),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
};

const wait = (id: string, next?: string) => ({
  id,
  type: "wait" as const,
  duration: { amount: 1, unit: "hours" as const },
  ...(next ? { next } : {}),
});
const branch = (id: string, then?: string, otherwise?: string) => ({
  id,
  type: "branch" as const,
  condition: { type: "email_known" as const, is: true },
  ...(then ? { then } : {}),
  ...(otherwise ? { else: otherwise } : {}),
});
const send = (id: string, next?: string) => ({
  id,
  type: "send" as const,
  channels: ["email" as const],
  message: { key: id, body: { en: "Hello" } },
  ...(next ? { next } : {}),
});
const scenario = (start: string, steps: unknown[]): ScenarioDefinition => {
  const parsed = parseScenarioDefinition({
    schemaVersion: 1,
    trigger: { type: "added_to_cart" },
    start,
    steps,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
};
const done = (result: EditResult): ScenarioDefinition => {
  if (!result.ok) throw new Error(result.reason);
  return result.definition;
};
/** The ids in order along `next` pointers from start (linear scenarios only). */
const order = (d: ScenarioDefinition): string[] => {
  const out: string[] = [];
  for (let id: string | undefined = d.start; id;) {
    out.push(id);
    const step = d.steps.find((s) => s.id === id)!;
    id = "next" in step ? step.next : undefined;
  }
  return out;
};
/** Valid, and publishable but for waits, conditions or splits left with nothing sent after them. */
const expectPublishable = (d: ScenarioDefinition) => {
  expect(parseScenarioDefinition(d)).toEqual({ ok: true, definition: d });
  const issues = validateForPublish(d);
  expect(issues.general).toEqual([]);
  for (const [id, list] of Object.entries(issues.byStep)) {
    expect(list.map((i) => i.code)).toEqual(["dead_end"]);
    expect(d.steps.find((s) => s.id === id)?.type).not.toBe("send");
  }
};

describe("graph edits keep every template valid", () => {
  it.each(TEMPLATES.map((t) => t.key))(
    "template %s: every step type inserted on every edge still parses",
    (key) => {
      const d = templateDefinition(key);
      for (const { edge } of edgesOf(d))
        for (const type of TYPES)
          expectPublishable(done(insertStep(d, edge, newStep(type, d))));
    },
  );

  it.each(TEMPLATES.map((t) => t.key))(
    "template %s: deleting any step, keeping each of its paths in turn, still parses",
    (key) => {
      const d = templateDefinition(key);
      for (const step of d.steps)
        for (const keep of portsOf(step)) {
          const result = deleteStep(d, step.id, keep);
          if (!result.ok) {
            expect(result.reason).toBe("the scenario would have no step left");
            continue;
          }
          expectPublishable(result.definition);
          expect(result.definition.steps.map((s) => s.id)).not.toContain(
            step.id,
          );
        }
    },
  );
});

describe("inserting a step", () => {
  const d = scenario("b", [branch("b", "t", "e"), wait("t"), wait("e")]);

  it("on a branch's else path puts it before the else step only", () => {
    const w = newStep("wait", d);
    const after = done(insertStep(d, { from: "b", port: "else" }, w));
    expect(after.steps.find((s) => s.id === "b")).toMatchObject({
      then: "t",
      else: w.id,
    });
    expect(after.steps.find((s) => s.id === w.id)).toMatchObject({
      next: "e",
    });
  });

  it("a new branch's paths both lead to the old target, so they start empty and rejoin", () => {
    const b = newStep("branch", d);
    const after = done(insertStep(d, { from: "b", port: "then" }, b));
    expect(after.steps.find((s) => s.id === b.id)).toMatchObject({
      then: "t",
      else: "t",
    });
  });

  it("before the first step makes it the start", () => {
    const w = newStep("wait", d);
    const after = done(insertStep(d, { from: "start" }, w));
    expect(after.start).toBe(w.id);
    expect(after.steps.find((s) => s.id === w.id)).toMatchObject({
      next: "b",
    });
  });

  it("gives new steps ids and message keys not used yet", () => {
    let current = d;
    for (let n = 0; n < 3; n++)
      current = done(
        insertStep(current, { from: "start" }, newStep("send", current)),
      );
    const sends = current.steps.filter((s) => s.type === "send");
    expect(new Set(sends.map((s) => s.id)).size).toBe(3);
    expect(
      new Set(sends.map((s) => (s.type === "send" ? s.message.key : ""))).size,
    ).toBe(3);
  });

  it("refuses an edge that does not exist", () => {
    expect(
      insertStep(d, { from: "t", port: "then" }, newStep("wait", d)),
    ).toEqual({ ok: false, reason: "no such edge" });
  });
});

describe("deleting a step", () => {
  // b ─then→ t1 ──────→ j
  //   └else→ e1 → e2 ─→ j
  const d = scenario("b", [
    branch("b", "t1", "e1"),
    wait("t1", "j"),
    wait("e1", "e2"),
    wait("e2", "j"),
    wait("j"),
  ]);

  it("a branch needs the path to keep", () => {
    expect(d.steps.filter(needsPathChoice).map((s) => s.id)).toEqual(["b"]);
    expect(deleteStep(d, "b")).toEqual({
      ok: false,
      reason: "choose which path to keep",
    });
  });

  it("a branch keeping then removes the else-only steps and keeps the step both paths rejoin at", () => {
    const after = done(deleteStep(d, "b", "then"));
    expect(after.start).toBe("t1");
    expect(after.steps.map((s) => s.id)).toEqual(["t1", "j"]);
  });

  it("a branch keeping else removes the then-only steps", () => {
    const after = done(deleteStep(d, "b", "else"));
    expect(order(after)).toEqual(["e1", "e2", "j"]);
    expect(after.steps.map((s) => s.id)).toEqual(["e1", "e2", "j"]);
  });

  it("a linear step leads its predecessors to its next step", () => {
    const after = done(deleteStep(d, "e1"));
    expect(after.steps.find((s) => s.id === "b")).toMatchObject({
      else: "e2",
    });
  });

  it("the step paths rejoin at leaves both paths leading to what came after it", () => {
    const after = done(deleteStep(d, "j"));
    expect(after.steps.find((s) => s.id === "t1")).not.toHaveProperty("next");
    expect(after.steps.find((s) => s.id === "e2")).not.toHaveProperty("next");
  });

  it("a step still reached from another path is kept", () => {
    // b ─then→ s ; b ─else→ x → s: dropping the then path keeps s, reached via x.
    const shared = scenario("b", [
      branch("b", "s", "x"),
      wait("x", "s"),
      wait("s"),
    ]);
    const after = done(deleteStep(shared, "b", "then"));
    expect(after.start).toBe("s");
    expect(after.steps.map((s) => s.id)).toEqual(["s"]);
    const keptElse = done(deleteStep(shared, "b", "else"));
    expect(order(keptElse)).toEqual(["x", "s"]);
  });

  it("refuses to delete the only step", () => {
    expect(deleteStep(scenario("a", [wait("a")]), "a").ok).toBe(false);
  });
});

describe("moving a step", () => {
  const d = scenario("a", [wait("a", "b"), wait("b", "c"), wait("c")]);

  it("up swaps it with the step before it", () => {
    expect(order(done(moveStep(d, "c", "up")))).toEqual(["a", "c", "b"]);
    const first = done(moveStep(d, "b", "up"));
    expect(first.start).toBe("b");
    expect(order(first)).toEqual(["b", "a", "c"]);
    expectPublishable(first);
  });

  it("down swaps it with the step after it", () => {
    expect(order(done(moveStep(d, "a", "down")))).toEqual(["b", "a", "c"]);
  });

  it("refuses past the ends of its path", () => {
    expect(moveStep(d, "a", "up").ok).toBe(false);
    expect(moveStep(d, "c", "down").ok).toBe(false);
  });

  it("refuses a branching step and a step where paths join", () => {
    const forked = scenario("b", [
      branch("b", "t", "e"),
      wait("t", "j"),
      wait("e", "j"),
      wait("j"),
    ]);
    expect(moveStep(forked, "b", "down").ok).toBe(false);
    expect(moveStep(forked, "t", "up")).toEqual({
      ok: false,
      reason: "the step is already first on its path",
    });
    expect(moveStep(forked, "j", "up")).toEqual({
      ok: false,
      reason: "the step is where paths join",
    });
    expect(moveStep(forked, "t", "down")).toEqual({
      ok: false,
      reason: "the next step is where paths join",
    });
  });
});

describe("undo and redo", () => {
  it("step back and forth, and a new edit drops what could be redone", () => {
    let h = push(push(history(1), 2), 3);
    expect(canRedo(h)).toBe(false);
    h = undo(undo(h));
    expect(h.present).toBe(1);
    expect(canUndo(h)).toBe(false);
    h = redo(h);
    expect(h.present).toBe(2);
    h = push(h, 5);
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe(2);
    expect(undo(history(1))).toEqual(history(1));
  });

  it("a change in place joins the edit before it: one undo takes both back, and nothing is left to redo", () => {
    let h = push(history("a"), "ab");
    h = replace(h, "abc");
    expect(h.present).toBe("abc");
    h = undo(h);
    expect(h.present).toBe("a");
    h = replace(redo(h), "abcd");
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe("a");
  });

  it("keeps only the most recent snapshots", () => {
    let h = history(0, 3);
    for (let n = 1; n <= 10; n++) h = push(h, n);
    expect(h.past).toEqual([7, 8, 9]);
  });
});

describe("validation mapped to steps", () => {
  it("marks an unreachable step on that step", () => {
    const d = { ...scenario("a", [send("a")]), steps: [send("a"), send("z")] };
    expect(validateForPublish(d)).toEqual({
      byStep: {
        z: [
          {
            code: "unreachable",
            message: 'step "z" can never be reached',
          },
        ],
      },
      general: [],
    });
  });

  it("marks every step of a loop", () => {
    const d = {
      ...scenario("a", [wait("a")]),
      steps: [wait("a", "b"), send("b", "c"), wait("c", "a")],
    };
    const issues = validateForPublish(d);
    expect(issues.general).toEqual([]);
    expect(Object.keys(issues.byStep).sort()).toEqual(["a", "b", "c"]);
    for (const id of ["a", "b", "c"])
      expect(issues.byStep[id].map((i) => i.code)).toEqual(["loop"]);
  });

  it("maps a schema error to its step's id and field", () => {
    const d = scenario("a", [wait("a", "b"), send("b")]);
    const broken = {
      ...d,
      steps: [
        { ...wait("a", "b"), duration: { amount: -1, unit: "hours" } },
        d.steps[1],
      ],
    };
    const issues = validateForPublish(broken);
    expect(issues.general).toEqual([]);
    expect(issues.byStep.a).toEqual([
      expect.objectContaining({ code: "invalid", field: "duration.amount" }),
    ]);
  });

  it("marks a wait, a condition or a split with nothing sent after it: a dangling branch", () => {
    const d = scenario("b", [
      branch("b", "t", "e"),
      wait("t", "s"),
      send("s"),
      branch("e", "w"),
      wait("w"),
    ]);
    const issues = validateForPublish(d);
    expect(issues.general).toEqual([]);
    expect(issues.byStep).toEqual({
      e: [{ code: "dead_end", message: "nothing is sent after this step" }],
      w: [{ code: "dead_end", message: "nothing is sent after this step" }],
    });
    // The condition itself is fine: one of its ways sends.
    expect(graphIssues(d)).toEqual(issues);
    // Saving it as a new version is refused on the model's side too.
    expect(parseNewScenarioDefinition(d)).toEqual({
      ok: false,
      errors: [
        {
          field: "steps.3",
          message: 'step "e": nothing is sent after this step',
        },
        {
          field: "steps.4",
          message: 'step "w": nothing is sent after this step',
        },
      ],
    });
  });

  it("does not take a step on a loop for a dead end when a message follows it round the loop", () => {
    const d = {
      ...scenario("a", [wait("a")]),
      start: "c",
      steps: [branch("c", "w", "s"), wait("w", "c"), send("s")],
    };
    const issues = graphIssues(d);
    for (const id of ["c", "w"])
      expect(issues.byStep[id]?.map((i) => i.code)).toEqual(["loop"]);
    // A loop never parses: the model's rule is asked of the steps as they are.
    expect(deadEndErrors(d as unknown as ScenarioDefinition)).toEqual([]);
  });

  it("keeps errors outside the steps general", () => {
    const d = scenario("a", [send("a")]);
    const issues = validateForPublish({ ...d, rolloutPercent: 0 });
    expect(issues.byStep).toEqual({});
    expect(issues.general.map((i) => i.field)).toEqual(["rolloutPercent"]);
  });

  it("a draft may be unfinished but needs unique, valid ids and known types", () => {
    const d = scenario("a", [wait("a")]);
    expect(
      isClean(validateDraft({ ...d, steps: [{ id: "a", type: "send" }] })),
    ).toBe(true);
    const issues = validateDraft({
      ...d,
      steps: [wait("a"), { ...wait("a"), type: "teleport" }, { id: "Bad" }],
    });
    expect(issues.byStep.a.map((i) => i.code)).toEqual([
      "duplicate_id",
      "unknown_type",
    ]);
    expect(issues.general).toEqual([
      expect.objectContaining({ code: "bad_id", field: "steps.2.id" }),
    ]);
  });
});

describe("pointing a way elsewhere", () => {
  const d = scenario("b", [branch("b", "s", "t"), send("s"), send("t")]);

  it("ends a way, or points it at another step, leaving a step no longer reached to be marked", () => {
    const ended = done(setTarget(d, { from: "b", port: "else" }, null));
    expect(ended.steps[0]).toEqual(branch("b", "s"));
    expect(validateForPublish(ended).byStep.t?.map((i) => i.code)).toEqual([
      "unreachable",
    ]);
    const moved = done(setTarget(d, { from: "b", port: "then" }, "t"));
    expect(moved.steps[0]).toEqual(branch("b", "t", "t"));
  });

  it("refuses a way back to the step itself or to a step before it, and offers only the others", () => {
    const chain = scenario("a", [send("a", "b"), branch("b", "c"), send("c")]);
    expect(setTarget(chain, { from: "b", port: "else" }, "a")).toEqual({
      ok: false,
      reason: "that way would lead back to this step",
    });
    expect(setTarget(chain, { from: "b", port: "else" }, "b").ok).toBe(false);
    expect(targetsFor(chain, "b").map((s) => s.id)).toEqual(["c"]);
  });
});
