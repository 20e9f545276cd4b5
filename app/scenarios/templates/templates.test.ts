import { describe, expect, it } from "vitest";
import { parseScenarioDefinition, type ScenarioDefinition } from "../model";
import {
  TEMPLATES,
  resolveLinks,
  resolveParameters,
  templateByKey,
} from "./index";

const build = (
  key: string,
  params?: Record<string, number>,
): ScenarioDefinition => {
  const template = templateByKey(key)!;
  const parsed = parseScenarioDefinition(
    template.build(resolveParameters(template, params)),
  );
  if (!parsed.ok) throw new Error(`${key}: ${JSON.stringify(parsed.errors)}`);
  return parsed.definition;
};

describe("the template catalogue", () => {
  it("has every path of the map: 5 lead generation (LG4 with its push part), 5 sales, 4 retention (RE3 with its order-status parts), 2 win-back", () => {
    expect(TEMPLATES.map((t) => t.key)).toEqual([
      "LG1",
      "LG2",
      "LG3",
      "LG4",
      "LG5",
      "LG4-push",
      "SA1",
      "SA2",
      "SA3",
      "SA4",
      "SA5",
      "RE1",
      "RE2",
      "RE3",
      "RE3-shipped",
      "RE3-out-for-delivery",
      "RE3-delivered",
      "RE4",
      "WB1",
      "WB2",
    ]);
  });

  it("marks one template per group to set up first", () => {
    const marked = TEMPLATES.filter((t) => t.setUpFirst).map((t) => t.key);
    expect(marked).toEqual(["LG3", "SA3", "RE1", "WB1"]);
  });

  it.each(TEMPLATES.map((t) => t.key))(
    "%s builds a valid definition from its defaults, with copy in English and Russian",
    (key) => {
      const definition = build(key);
      for (const step of definition.steps) {
        if (step.type !== "send") continue;
        expect(step.message.body.en).toBeTruthy();
        expect(step.message.body.ru).toBeTruthy();
      }
    },
  );

  it("uses the merchant's parameters and refuses ones out of range, naming them", () => {
    const sa2 = build("SA2", { threshold: 250, discountPercent: 15 });
    expect(sa2.entry).toEqual({ type: "cart_total_below", amount: 250 });
    expect(JSON.stringify(sa2.steps)).toContain("Orders from 250 get 15% off");
    expect(() => build("RE4", { days: 15 })).toThrow(
      "RE4.days must be between 1 and 14",
    );
  });

  it("links RE4's button to the review app's page the merchant gives, else the ordered product's page; an unsafe link is refused", () => {
    const re4 = templateByKey("RE4")!;
    const cta = (links?: Record<string, string>) => {
      const step = re4
        .build(resolveParameters(re4), links)
        .steps.find((s) => s.id === "review");
      return step?.type === "send" ? step.message.cta?.url : undefined;
    };
    expect(cta()).toBe("{{product_url}}");
    const given = resolveLinks(re4, { reviewUrl: "https://reviews.example/s" });
    expect(given).toEqual({
      ok: true,
      links: { reviewUrl: "https://reviews.example/s" },
    });
    expect(given.ok && cta(given.links)).toBe("https://reviews.example/s");
    expect(resolveLinks(re4, { reviewUrl: "  " })).toEqual({
      ok: true,
      links: { reviewUrl: "{{product_url}}" },
    });
    expect(resolveLinks(re4, { reviewUrl: "javascript:alert(1)" })).toEqual({
      ok: false,
      errors: [
        {
          key: "reviewUrl",
          message:
            "a link must start with https:// or with / (a page of this store)",
        },
      ],
    });
  });

  it("gives every message a key unique across the catalogue", () => {
    const keys = TEMPLATES.flatMap((t) =>
      build(t.key).steps.flatMap((s) =>
        s.type === "send" ? [s.message.key] : [],
      ),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });
});
