import { describe, expect, it } from "vitest";
import { parseScenarioDefinition, type ScenarioDefinition } from "../model";
import { TEMPLATES, resolveParameters } from "../templates";
import { fromForm, setAt, setNumber, toForm } from "./form";
import { errorWords } from "./messages";

const sa3 = () => {
  const template = TEMPLATES.find((t) => t.key === "SA3")!;
  const parsed = parseScenarioDefinition(
    template.build(resolveParameters(template)),
  );
  if (!parsed.ok) throw new Error("SA3 does not parse");
  return parsed.definition;
};
const words = (form: ScenarioDefinition, locale: "en" | "ru" = "en") => {
  const parsed = parseScenarioDefinition(fromForm(form));
  return parsed.ok
    ? {}
    : Object.fromEntries(
        parsed.errors.map((e) => [e.field, errorWords(e.message, locale)]),
      );
};

describe("validation errors in the merchant's words", () => {
  it("says a blanked English text is required, in English and Russian", () => {
    const form = setAt(toForm(sa3()), "steps.4.message.body.en", "");
    expect(words(form)).toEqual({ "steps.4.message.body.en": "Required" });
    expect(words(form, "ru")).toEqual({
      "steps.4.message.body.en": "Обязательное поле",
    });
  });

  it("names the bounds and the kind of number a field takes", () => {
    let form = setNumber(toForm(sa3()), "rolloutPercent", "0");
    form = setNumber(form, "steps.0.duration.amount", "1.5");
    form = setNumber(form, "steps.5.duration.amount", "soon");
    form = setNumber(form, "reentryCooldown.amount", "20000");
    expect(words(form)).toEqual({
      rolloutPercent: "At least 1",
      "steps.0.duration.amount": "Enter a whole number",
      "steps.5.duration.amount": "Enter a number",
      "reentryCooldown.amount": "At most 10000",
    });
  });

  it("words the page's own refusals", () => {
    expect(errorWords("between 1 and 14", "ru")).toBe("От 1 до 14");
    expect(errorWords("no value and no fallback for last_name", "en")).toBe(
      "No value and no fallback for last_name",
    );
  });

  it("keeps a message it has no words for", () => {
    expect(errorWords('no step has the id "x"', "ru")).toBe(
      'no step has the id "x"',
    );
  });

  it("says what to do about the shape's problems, the step named where they are shown", () => {
    expect(errorWords('step "x" can never be reached', "ru")).toBe(
      "К этому шагу не ведёт ни один путь: направьте на него путь или удалите шаг",
    );
    expect(errorWords('step "w": nothing is sent after this step', "en")).toBe(
      "Nothing is sent after this step: add a message after it, or delete it",
    );
  });
});
