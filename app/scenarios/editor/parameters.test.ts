import { describe, expect, it } from "vitest";
import { parseScenarioDefinition, type ScenarioDefinition } from "../model";
import { TEMPLATES, resolveParameters, type Template } from "../templates";
import { fromForm, setNumber, toForm } from "./form";
import { currentLinks, currentParameters } from "./parameters";
import { addVariantB } from "./variants";

const built = (
  template: Template,
  params: Record<string, number> = {},
): ScenarioDefinition => {
  const parsed = parseScenarioDefinition(
    template.build(resolveParameters(template, params)),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
};

/** Parameters a template writes only into copy: no number of the definition tells them. */
const COPY_ONLY: Record<string, string[]> = { SA2: ["discountPercent"] };

describe("a template's parameters read back from a scenario", () => {
  it.each(
    TEMPLATES.filter((t) => t.parameters.length).map(
      (t) => [t.key, t] as const,
    ),
  )("reads %s's parameters at their bounds and defaults", (_key, template) => {
    for (const pick of ["min", "max", "default"] as const) {
      const params = Object.fromEntries(
        template.parameters.map((p) => [p.key, p[pick]]),
      );
      const known = Object.fromEntries(
        Object.entries(params).map(([k, v]) => [
          k,
          COPY_ONLY[template.key]?.includes(k) ? null : v,
        ]),
      );
      expect(currentParameters(template, built(template, params))).toEqual(
        known,
      );
    }
  });

  it("reads a link where the template writes it, as the merchant left it", () => {
    const re4 = TEMPLATES.find((t) => t.key === "RE4")!;
    expect(currentLinks(re4, built(re4))).toEqual({
      reviewUrl: "{{product_url}}",
    });
    const given = parseScenarioDefinition(
      re4.build(resolveParameters(re4), {
        reviewUrl: "https://reviews.example/s",
      }),
    );
    expect(given.ok && currentLinks(re4, given.definition)).toEqual({
      reviewUrl: "https://reviews.example/s",
    });
    expect(
      currentLinks(
        TEMPLATES.find((t) => t.key === "SA3")!,
        built(re4),
      ),
    ).toEqual({});
  });

  it("reads a switch from what it changes: on, off, or not known once the merchant made it something else", () => {
    const shipped = TEMPLATES.find((t) => t.key === "RE3-shipped")!;
    const on = built(shipped, { email: 1 });
    expect(currentParameters(shipped, on)).toEqual({ email: 1 });
    expect(currentParameters(shipped, built(shipped))).toEqual({ email: 0 });
    const emailOnly = {
      ...on,
      steps: on.steps.map((s) =>
        s.type === "send" ? { ...s, channels: ["email" as const] } : s,
      ),
    };
    expect(currentParameters(shipped, emailOnly)).toEqual({ email: null });
  });

  it("reads a delay the merchant edited on its step, and through an A/B split inserted since", () => {
    const sa3 = TEMPLATES.find((t) => t.key === "SA3")!;
    const definition = addVariantB(
      built(sa3, { reminderDays: 4 }),
      "cart-email",
    );
    const i = definition.steps.findIndex((s) => s.id === "email-delay");
    const edited = parseScenarioDefinition(
      fromForm(
        setNumber(toForm(definition), `steps.${i}.duration.amount`, "90"),
      ),
    );
    expect(edited.ok && currentParameters(sa3, edited.definition)).toEqual({
      emailDelayMinutes: 90,
      reminderDays: 4,
    });
  });

  it("does not know a parameter whose number no longer fits the parameter's bounds", () => {
    const sa3 = TEMPLATES.find((t) => t.key === "SA3")!;
    const definition = built(sa3);
    const i = definition.steps.findIndex((s) => s.id === "reminder-wait");
    const edited = parseScenarioDefinition(
      fromForm(
        setNumber(toForm(definition), `steps.${i}.duration.amount`, "60"),
      ),
    );
    expect(edited.ok && currentParameters(sa3, edited.definition)).toEqual({
      emailDelayMinutes: 60,
      reminderDays: null,
    });
  });
});
