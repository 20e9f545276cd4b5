import { describe, expect, it } from "vitest";
import { parseScenarioDefinition } from "../model";
import { resolveParameters, templateByKey } from "../templates";
import { compileOnSiteRules } from "./on-site";

const rulesOf = (key: string) => {
  const template = templateByKey(key)!;
  const parsed = parseScenarioDefinition(
    template.build(resolveParameters(template)),
  );
  if (!parsed.ok) throw new Error(key);
  return compileOnSiteRules(key, parsed.definition);
};

describe("on-site rules compiled from scenarios", () => {
  it("carry the short delay, the entry facts and the popup of the welcome bonus (LG3)", () => {
    const [rule, ...rest] = rulesOf("LG3");
    expect(rest).toEqual([]);
    expect(rule).toMatchObject({
      id: "LG3:popup",
      trigger: { type: "site_visit" },
      delayMs: 10_000,
      channel: "popup",
      messageKey: "lg3.popup",
      content: "email_capture",
      conditions: [{ type: "email_known", is: false }],
      stepId: "popup",
    });
  });

  it("run exit-intent popups at once (LG2) and carry cart thresholds (SA2)", () => {
    expect(rulesOf("LG2")[0]).toMatchObject({
      trigger: { type: "exit_intent" },
      delayMs: 0,
    });
    expect(rulesOf("SA2")[0]).toMatchObject({
      delayMs: 60_000,
      conditions: [{ type: "cart_total_below", amount: 100 }],
    });
  });

  it("stop at the first on-site message: what follows runs on the server (SA1)", () => {
    expect(rulesOf("SA1").map((r) => r.messageKey)).toEqual(["sa1.viewed"]);
  });

  it("leave checkout to the server, since themes do not run on Shopify's checkout (SA4)", () => {
    expect(rulesOf("SA4")).toEqual([]);
  });

  it("leave scenarios that start off the site to the server (WB1, RE4)", () => {
    expect(rulesOf("WB1")).toEqual([]);
    expect(rulesOf("RE4")).toEqual([]);
  });
});
