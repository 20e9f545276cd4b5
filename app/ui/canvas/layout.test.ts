import { describe, expect, it } from "vitest";
import { parseScenarioDefinition } from "../../scenarios/model";
import { TEMPLATES, resolveParameters } from "../../scenarios/templates";
import { flowOf } from "../../scenarios/editor/flow";
import { layout, type Placed } from "./layout";

const overlap = (a: Placed, b: Placed) =>
  a.x < b.x + b.width &&
  b.x < a.x + a.width &&
  a.y < b.y + b.height &&
  b.y < a.y + a.height;

const flowOfTemplate = (key: string) => {
  const template = TEMPLATES.find((t) => t.key === key)!;
  const parsed = parseScenarioDefinition(
    template.build(resolveParameters(template)),
  );
  if (!parsed.ok) throw new Error(key);
  return flowOf(parsed.definition);
};

describe("the canvas layout", () => {
  it("puts the trigger at the top, every node below its source, and no two nodes over each other", () => {
    for (const { key } of TEMPLATES) {
      const flow = flowOfTemplate(key);
      const { positions } = layout(flow);
      expect(positions.get("trigger"), key).toMatchObject({ y: -46 });
      const placed = [...positions.values()];
      placed.forEach((a, i) =>
        placed
          .slice(i + 1)
          .forEach((b) => expect(overlap(a, b), key).toBe(false)),
      );
      for (const e of flow.edges)
        expect(positions.get(e.target)!.y, `${key} ${e.id}`).toBeGreaterThan(
          positions.get(e.source)!.y,
        );
    }
  });

  it("draws a branch's two paths side by side", () => {
    const parsed = parseScenarioDefinition({
      schemaVersion: 1,
      trigger: { type: "added_to_cart" },
      start: "known",
      steps: [
        {
          id: "known",
          type: "branch",
          condition: { type: "email_known", is: true },
          then: "a",
          else: "b",
        },
        { id: "a", type: "wait", duration: { amount: 1, unit: "hours" } },
        { id: "b", type: "wait", duration: { amount: 2, unit: "hours" } },
      ],
    });
    if (!parsed.ok) throw new Error("invalid");
    const { positions } = layout(flowOf(parsed.definition));
    const [a, b] = [positions.get("a")!, positions.get("b")!];
    expect(a.y).toBe(b.y);
    expect(Math.abs(a.x - b.x)).toBeGreaterThanOrEqual(a.width);
  });

  it("lays the same scenario out the same way each time", () => {
    const once = layout(flowOfTemplate("SA1"));
    const again = layout(flowOfTemplate("SA1"));
    expect([...again.positions]).toEqual([...once.positions]);
  });
});
