import { describe, expect, it } from "vitest";
import { parseScenarioDefinition, type ScenarioDefinition } from "../model";
import { TEMPLATES, resolveParameters, templateByKey } from "../templates";
import { channelsOf, outline } from "./outline";

const built = (key: string): ScenarioDefinition => {
  const template = templateByKey(key)!;
  const parsed = parseScenarioDefinition(
    template.build(resolveParameters(template)),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
};

describe("a scenario's outline", () => {
  it("lists a straight chain at one depth, in the order a contact meets it", () => {
    const items = outline(built("LG1"));
    expect(
      items.map((i) => (i.kind === "step" ? [i.step.id, i.depth] : i.kind)),
    ).toEqual([
      ["delay", 0],
      ["greet", 0],
    ]);
  });

  it("indents what a branch or a wait for an event leads to, named by how it is reached", () => {
    const items = outline(built("SA3"));
    const email = items.find(
      (i) => i.kind === "step" && i.step.id === "email-delay",
    );
    expect(email).toMatchObject({ depth: 1, via: "then" });
    expect(items.filter((i) => i.kind === "step").length).toBe(
      built("SA3").steps.length,
    );
  });

  it("shows every step of every template once, and each template's channels", () => {
    for (const template of TEMPLATES) {
      const definition = built(template.key);
      const ids = outline(definition).flatMap((i) =>
        i.kind === "step" ? [i.step.id] : [],
      );
      expect(new Set(ids).size, template.key).toBe(ids.length);
      expect(ids.sort(), template.key).toEqual(
        definition.steps.map((s) => s.id).sort(),
      );
      expect(channelsOf(definition).length, template.key).toBeGreaterThan(0);
    }
    expect(channelsOf(built("SA3"))).toEqual([
      "popup",
      "chat",
      "email",
      "web_push",
    ]);
  });

  it("draws a split's variants and its holdout, and a step two paths share as a jump", () => {
    const definition = parseScenarioDefinition({
      schemaVersion: 1,
      trigger: { type: "order_placed" },
      start: "ab",
      steps: [
        {
          id: "ab",
          type: "split",
          holdoutPercent: 10,
          variants: [
            { key: "a", weight: 50, next: "thanks" },
            { key: "b", weight: 50, next: "wait" },
          ],
        },
        {
          id: "wait",
          type: "wait",
          duration: { amount: 1, unit: "days" },
          next: "thanks",
        },
        {
          id: "thanks",
          type: "send",
          channels: ["email"],
          message: { key: "t", body: { en: "Thanks" } },
        },
      ],
    });
    if (!definition.ok) throw new Error(JSON.stringify(definition.errors));
    const items = outline(definition.definition);
    expect(items.map((i) => i.kind)).toEqual([
      "step",
      "holdout",
      "step",
      "step",
      "jump",
    ]);
    expect(items[2]).toMatchObject({ via: { variant: "a" }, depth: 1 });
    expect(items[4]).toMatchObject({ kind: "jump", to: "thanks", via: null });
  });
});
