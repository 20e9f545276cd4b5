import { describe, expect, it } from "vitest";
import { parseScenarioDefinition, type ScenarioDefinition } from "../model";
import { TEMPLATES, resolveParameters } from "../templates";
import { flowOf } from "./flow";
import { edgesOf, insertStep, newStep } from "./graph";

const definition = (input: unknown): ScenarioDefinition => {
  const parsed = parseScenarioDefinition(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
};
const scenario = (start: string, steps: unknown[]) =>
  definition({
    schemaVersion: 1,
    trigger: { type: "added_to_cart" },
    start,
    steps,
  });
const wait = (id: string, next?: string) => ({
  id,
  type: "wait",
  duration: { amount: 1, unit: "hours" },
  ...(next ? { next } : {}),
});

describe("the canvas of a scenario", () => {
  it("draws the trigger, each step once, and an end where each path stops", () => {
    const flow = flowOf(
      scenario("known", [
        {
          id: "known",
          type: "branch",
          condition: { type: "email_known", is: true },
          then: "w",
        },
        wait("w"),
      ]),
    );
    expect(flow.nodes.map((n) => n.id)).toEqual([
      "trigger",
      "known",
      "w",
      "end:known:else",
      "end:w:next",
    ]);
    expect(
      flow.edges.map((e) => [e.source, e.target, e.via, e.insertAt]),
    ).toEqual([
      ["trigger", "known", null, { from: "start" }],
      ["known", "w", "then", { from: "known", port: "then" }],
      ["known", "end:known:else", "else", { from: "known", port: "else" }],
      ["w", "end:w:next", null, { from: "w", port: "next" }],
    ]);
  });

  it("draws a step reached two ways as one node with two edges in", () => {
    const flow = flowOf(
      scenario("until", [
        {
          id: "until",
          type: "wait_until",
          event: "order_placed",
          timeout: { amount: 1, unit: "days" },
          onEvent: "w",
          onTimeout: "w",
        },
        wait("w"),
      ]),
    );
    expect(flow.nodes.filter((n) => n.id === "w")).toHaveLength(1);
    expect(
      flow.edges.filter((e) => e.target === "w").map((e) => e.via),
    ).toEqual(["event", "timeout"]);
  });

  it("draws the variants and the holdout of a split as paths of their own", () => {
    const flow = flowOf(
      scenario("ab", [
        {
          id: "ab",
          type: "split",
          variants: [
            { key: "a", weight: 50, next: "w" },
            { key: "b", weight: 50 },
          ],
          holdoutPercent: 10,
        },
        wait("w"),
      ]),
    );
    expect(flow.edges.filter((e) => e.source === "ab")).toEqual([
      {
        id: "ab:variant:a",
        source: "ab",
        target: "w",
        via: { variant: "a" },
        insertAt: { from: "ab", port: "variant:a" },
      },
      {
        id: "ab:variant:b",
        source: "ab",
        target: "end:ab:variant:b",
        via: { variant: "b" },
        insertAt: { from: "ab", port: "variant:b" },
      },
      {
        id: "ab:holdout",
        source: "ab",
        target: "holdout:ab",
        via: "holdout",
        insertAt: null,
      },
    ]);
    expect(flow.nodes).toContainEqual({
      id: "holdout:ab",
      kind: "holdout",
      percent: 10,
    });
  });

  it("offers a place to insert on every pointer of every template, and nowhere else", () => {
    for (const template of TEMPLATES) {
      const d = definition(template.build(resolveParameters(template)));
      const flow = flowOf(d);
      const places = flow.edges.flatMap((e) =>
        e.insertAt ? [e.insertAt] : [],
      );
      expect(places, template.key).toEqual(edgesOf(d).map((e) => e.edge));
      for (const place of places)
        expect(insertStep(d, place, newStep("wait", d)).ok, template.key).toBe(
          true,
        );
      const nodeIds = new Set(flow.nodes.map((n) => n.id));
      expect(nodeIds.size, template.key).toBe(flow.nodes.length);
      for (const e of flow.edges) {
        expect(nodeIds.has(e.source), template.key).toBe(true);
        expect(nodeIds.has(e.target), template.key).toBe(true);
      }
    }
  });
});
