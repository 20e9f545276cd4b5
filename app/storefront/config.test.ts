import { describe, expect, it } from "vitest";
import {
  parseScenarioDefinition,
  type ScenarioDefinition,
} from "../scenarios/model";
import { resolveParameters, templateByKey } from "../scenarios/templates";
import { buildStorefrontConfig } from "./config";

const definitionOf = (
  key: string,
  params: Record<string, number> = {},
): ScenarioDefinition => {
  const template = templateByKey(key)!;
  const parsed = parseScenarioDefinition(
    template.build(resolveParameters(template, params)),
  );
  if (!parsed.ok) throw new Error(key);
  return parsed.definition;
};

describe("the storefront config", () => {
  it("carries each active scenario's on-site head with its copy in the shop's languages only", () => {
    const config = buildStorefrontConfig(
      [{ id: "s-lg3", definition: definitionOf("LG3") }],
      ["en", "ru"],
    );
    expect(config.rules).toHaveLength(1);
    const [rule] = config.rules;
    expect(rule).toMatchObject({
      id: "s-lg3:popup",
      channel: "popup",
      content: "email_capture",
      delayMs: 10_000,
      offersCode: true,
      repeatAfterMs: 86_400_000,
      test: false,
      rollout: 100,
      texts: {
        en: { body: "Get 10% off your first order" },
        ru: { body: "Скидка 10% на первый заказ" },
      },
      fallbacks: { first_name: { en: "there", ru: "друг" } },
    });
    expect(
      Object.keys(
        buildStorefrontConfig(
          [{ id: "s", definition: definitionOf("LG3") }],
          ["en"],
        ).rules[0].texts,
      ),
    ).toEqual(["en"]);
  });

  it("gives the progress popup its threshold and the quiz its answers", () => {
    const config = buildStorefrontConfig(
      [
        { id: "sa2", definition: definitionOf("SA2", { threshold: 150 }) },
        { id: "lg5", definition: definitionOf("LG5") },
      ],
      ["en"],
    );
    expect(config.rules.find((r) => r.id === "sa2:progress")).toMatchObject({
      threshold: 150,
      content: "progress_to_threshold",
    });
    expect(
      config.rules.find((r) => r.id === "lg5:quiz")?.texts.en.choices,
    ).toEqual(["A gift", "Something for me", "Just looking"]);
  });

  it("publishes nothing for scenarios that start off the site", () => {
    expect(
      buildStorefrontConfig(
        [
          { id: "wb1", definition: definitionOf("WB1") },
          { id: "re4", definition: definitionOf("RE4") },
        ],
        ["en"],
      ).rules,
    ).toEqual([]);
  });

  it("stays small enough to inline in every page with every template active", async () => {
    const { TEMPLATES } = await import("../scenarios/templates");
    const all = TEMPLATES.map((t) => ({
      id: `c${"x".repeat(24)}`,
      definition: definitionOf(t.key),
    }));
    const bytes = JSON.stringify(
      buildStorefrontConfig(all, ["en", "ru"]),
    ).length;
    expect(bytes).toBeLessThan(16_000);
  });
});
