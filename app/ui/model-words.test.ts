// What the template card and the scenario page say about whom a win-back reaches.
import { describe, expect, it } from "vitest";
import { templateByKey, resolveParameters } from "../scenarios/templates";
import type { Trigger } from "../scenarios/model";
import { triggerWords } from "./model-words";

const triggerOf = (key: string, parameters: Record<string, number> = {}) => {
  const template = templateByKey(key)!;
  return template.build(resolveParameters(template, parameters))
    .trigger as Trigger;
};

describe("a win-back trigger in the merchant's words", () => {
  it("says it reaches only new silences by default, in English and Russian", () => {
    expect(triggerWords(triggerOf("WB1"), "en")).toBe(
      "Has not visited for 7 days (only customers who fall silent after it is turned on)",
    );
    expect(triggerWords(triggerOf("WB2"), "ru")).toBe(
      "Не заказывал 7 дн. (только те, кто замолчит после включения)",
    );
  });

  it("says how many past customers a day it also reaches when asked to", () => {
    expect(triggerWords(triggerOf("WB2", { pastPerDay: 50 }), "en")).toBe(
      "Has not ordered for 7 days (also past customers, at most 50 a day)",
    );
    expect(triggerWords(triggerOf("WB1", { pastPerDay: 50 }), "ru")).toBe(
      "Не заходил 7 дн. (также прежние покупатели, не больше 50 в день)",
    );
  });

  it("leaves other triggers as they were", () => {
    expect(triggerWords({ type: "order_placed" }, "en")).toBe(
      "Places an order",
    );
  });
});
