import { describe, expect, it } from "vitest";
import { parseScenarioDefinition, type ScenarioDefinition } from "../model";
import { outline } from "../outline/outline";
import { TEMPLATES, resolveParameters } from "../templates";
import { fromForm, setAt, setNumber, toForm } from "./form";
import { addVariantB, removeVariantB, variantSplitOf } from "./variants";

const definitionOf = (key: string): ScenarioDefinition => {
  const template = TEMPLATES.find((t) => t.key === key)!;
  const parsed = parseScenarioDefinition(
    template.build(resolveParameters(template)),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
};
const valid = (d: unknown) => {
  const parsed = parseScenarioDefinition(d);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
};

describe("variant B of a send step", () => {
  it("puts a 50/50 split before the step, with a copy of it under its own id and message key", () => {
    const d = addVariantB(definitionOf("SA3"), "cart-email");
    const ids = d.steps.map((s) => s.id);
    expect(
      ids.slice(ids.indexOf("cart-email-ab"), ids.indexOf("cart-email-ab") + 3),
    ).toEqual(["cart-email-ab", "cart-email", "cart-email-b"]);
    expect(d.steps.find((s) => s.id === "email-delay")).toMatchObject({
      next: "cart-email-ab",
    });
    expect(d.steps.find((s) => s.id === "cart-email-ab")).toEqual({
      id: "cart-email-ab",
      type: "split",
      holdoutPercent: 0,
      variants: [
        { key: "a", weight: 50, next: "cart-email" },
        { key: "b", weight: 50, next: "cart-email-b" },
      ],
    });
    expect(d.steps.find((s) => s.id === "cart-email-b")).toMatchObject({
      type: "send",
      next: "reminder-wait",
      message: { key: "sa3.email.b" },
    });
    expect(variantSplitOf(d, "cart-email-b")?.id).toBe("cart-email-ab");
    valid(d);
  });

  it.each(TEMPLATES.map((t) => t.key))(
    "keeps template %s valid on every send step, and removing B gives the template back",
    (key) => {
      const original = definitionOf(key);
      for (const step of original.steps.filter((s) => s.type === "send")) {
        const withB = valid(addVariantB(original, step.id));
        const split = variantSplitOf(withB, step.id)!;
        expect(removeVariantB(withB, split.id)).toEqual(original);
      }
    },
  );

  it("works on the first step of a scenario (the start moves to the split)", () => {
    const d = definitionOf("SA3");
    const first = {
      ...d,
      start: "cart-onsite",
      steps: d.steps.filter((s) => s.id !== "delay"),
    };
    const withB = valid(addVariantB(valid(first), "cart-onsite"));
    expect(withB.start).toBe("cart-onsite-ab");
    expect(removeVariantB(withB, "cart-onsite-ab")).toEqual(valid(first));
  });

  it("edits B's copy apart from A's", () => {
    const d = addVariantB(definitionOf("SA3"), "cart-email");
    const b = d.steps.findIndex((s) => s.id === "cart-email-b");
    const edited = valid(
      fromForm(
        setAt(toForm(d), `steps.${b}.message.body.en`, "Variant B copy"),
      ),
    );
    const bodies = edited.steps.flatMap((s) =>
      s.type === "send" && s.id.startsWith("cart-email")
        ? [s.message.body.en]
        : [],
    );
    expect(bodies).toEqual([
      "{{first_name}}, your cart is waiting",
      "Variant B copy",
    ]);
  });

  it("refuses a second variant and a step that sends nothing", () => {
    const d = addVariantB(definitionOf("SA3"), "cart-email");
    expect(() => addVariantB(d, "cart-email")).toThrow(/already/);
    expect(() => addVariantB(d, "delay")).toThrow(/not a send step/);
    expect(() => removeVariantB(d, "delay")).toThrow(/not an A\/B split/);
  });
});

describe("weights and holdout of a split", () => {
  const withB = () => addVariantB(definitionOf("SA3"), "cart-email");
  const splitIndex = (d: ScenarioDefinition) =>
    d.steps.findIndex((s) => s.id === "cart-email-ab");

  it("holds out a share, drawn on the map", () => {
    const d = withB();
    const i = splitIndex(d);
    const saved = valid(
      fromForm(setNumber(toForm(d), `steps.${i}.holdoutPercent`, "10")),
    );
    expect(
      outline(saved).find((item) => item.kind === "holdout"),
    ).toMatchObject({ percent: 10 });
  });

  it("refuses a holdout over 50% and weights that do not add up to 100, on their fields", () => {
    const d = withB();
    const i = splitIndex(d);
    const fields = (form: unknown) => {
      const parsed = parseScenarioDefinition(
        fromForm(form as ScenarioDefinition),
      );
      return parsed.ok ? [] : parsed.errors.map((e) => e.field);
    };
    expect(
      fields(setNumber(toForm(d), `steps.${i}.holdoutPercent`, "60")),
    ).toEqual([`steps.${i}.holdoutPercent`]);
    expect(
      fields(setNumber(toForm(d), `steps.${i}.variants.1.weight`, "40")),
    ).toEqual([`steps.${i}.variants`]);
    expect(
      fields(
        setNumber(
          setNumber(toForm(d), `steps.${i}.variants.1.weight`, "30"),
          `steps.${i}.variants.0.weight`,
          "70",
        ),
      ),
    ).toEqual([]);
  });
});
