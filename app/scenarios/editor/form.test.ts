import { describe, expect, it } from "vitest";
import { parseScenarioDefinition, type ScenarioDefinition } from "../model";
import { TEMPLATES, resolveParameters } from "../templates";
import {
  addChannel,
  errorsByField,
  fromForm,
  moveChannel,
  removeChannel,
  setAt,
  setNumber,
  stepIndexOfField,
  toForm,
  toggleGoalEvent,
} from "./form";

const definitionOf = (key: string): ScenarioDefinition => {
  const template = TEMPLATES.find((t) => t.key === key)!;
  const parsed = parseScenarioDefinition(
    template.build(resolveParameters(template)),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
};
const sa3 = () => definitionOf("SA3");
const indexOf = (d: ScenarioDefinition, id: string) =>
  d.steps.findIndex((s) => s.id === id);

describe("the scenario form", () => {
  it.each(TEMPLATES.map((t) => t.key))(
    "gives back template %s's definition unchanged when nothing is edited",
    (key) => {
      const definition = definitionOf(key);
      const submitted = fromForm(toForm(definition));
      expect(submitted).toEqual(definition);
      expect(parseScenarioDefinition(submitted)).toEqual({
        ok: true,
        definition,
      });
    },
  );

  it("turns a typed number into a number and keeps text that is not one, for the server to refuse on that field", () => {
    const d = sa3();
    const i = indexOf(d, "reminder-wait");
    const edited = setNumber(toForm(d), `steps.${i}.duration.amount`, " 5 ");
    expect(fromForm(edited)).toMatchObject({
      steps: { [i]: { duration: { amount: 5, unit: "days" } } },
    });
    const typo = setNumber(toForm(d), `steps.${i}.duration.amount`, "five");
    const parsed = parseScenarioDefinition(fromForm(typo));
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.field)).toEqual([
      `steps.${i}.duration.amount`,
    ]);
  });

  it("takes a trigger's optional number left empty as none", () => {
    const d = { ...sa3(), trigger: { type: "no_order" as const, days: 60 } };
    const typed = setNumber(toForm(d), "trigger.pastPerDay", "25");
    expect(fromForm(typed)).toMatchObject({
      trigger: { type: "no_order", days: 60, pastPerDay: 25 },
    });
    const cleared = setNumber(typed, "trigger.pastPerDay", " ");
    expect((fromForm(cleared) as ScenarioDefinition).trigger).toEqual({
      type: "no_order",
      days: 60,
    });
  });

  it("drops copy left empty in another language, and a call to action left wholly empty", () => {
    const d = sa3();
    const i = indexOf(d, "cart-email");
    let form = setAt(toForm(d), `steps.${i}.message.body.ru`, "  ");
    form = setAt(form, `steps.${i}.message.cta`, {
      label: { en: "", ru: "" },
      url: "",
    });
    form = setAt(form, `steps.${i}.message.title.en`, "");
    form = setAt(form, `steps.${i}.message.title.ru`, "");
    const message = (fromForm(form) as ScenarioDefinition).steps[i] as Extract<
      ScenarioDefinition["steps"][number],
      { type: "send" }
    >;
    expect(message.message.body).toEqual({
      en:
        d.steps[i].type === "send"
          ? (d.steps[i] as { message: { body: { en: string } } }).message.body
              .en
          : "",
    });
    expect(message.message).not.toHaveProperty("cta");
    expect(message.message).not.toHaveProperty("title");
  });

  it("names the English body when it is blanked", () => {
    const d = sa3();
    const i = indexOf(d, "cart-email");
    const parsed = parseScenarioDefinition(
      fromForm(setAt(toForm(d), `steps.${i}.message.body.en`, "")),
    );
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.field)).toEqual([
      `steps.${i}.message.body.en`,
    ]);
  });

  it("reorders, adds and removes channels of a send step's cascade", () => {
    const d = sa3();
    const i = indexOf(d, "reminder");
    let form = moveChannel(toForm(d), i, 1, 0);
    expect(form.steps[i]).toMatchObject({ channels: ["email", "web_push"] });
    form = addChannel(form, i, "popup");
    form = addChannel(form, i, "popup");
    expect(form.steps[i]).toMatchObject({
      channels: ["email", "web_push", "popup"],
    });
    form = removeChannel(
      removeChannel(removeChannel(form, i, "email"), i, "web_push"),
      i,
      "popup",
    );
    const parsed = parseScenarioDefinition(fromForm(form));
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.field)).toEqual([
      `steps.${i}.channels`,
    ]);
    expect(moveChannel(toForm(d), i, 0, -1)).toEqual(toForm(d));
  });

  it("adds and removes goal events", () => {
    let form = toggleGoalEvent(toForm(sa3()), "message_clicked", true);
    expect(form.goal.events).toEqual(["order_placed", "message_clicked"]);
    form = toggleGoalEvent(form, "order_placed", false);
    expect(form.goal.events).toEqual(["message_clicked"]);
  });

  it("groups errors by field and tells the step a field belongs to", () => {
    expect(
      errorsByField([
        { field: "steps.2.next", message: "one" },
        { field: "steps.2.next", message: "two" },
      ]),
    ).toEqual({ "steps.2.next": "one" });
    expect(stepIndexOfField("steps.12.message.body.en")).toBe(12);
    expect(stepIndexOfField("steps")).toBeNull();
    expect(stepIndexOfField("rolloutPercent")).toBeNull();
  });
});
