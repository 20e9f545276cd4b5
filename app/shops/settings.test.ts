import { describe, expect, it } from "vitest";
import { ShopSettings, fieldErrors, readShopSettings } from "./settings";

describe("shop settings", () => {
  it("default to 2 messages a day and quiet hours 21:00-09:00", () => {
    const s = readShopSettings({});
    expect(s.dailyMessageCap).toBe(2);
    expect(s.quietHours).toEqual({ start: 21, end: 9 });
    expect(s.languages).toEqual(["en"]);
  });

  it("keep the valid fields of a partly broken stored value", () => {
    const s = readShopSettings({
      dailyMessageCap: 5,
      quietHours: { start: 99, end: 3 },
    });
    expect(s.dailyMessageCap).toBe(5);
    expect(s.quietHours).toEqual({ start: 21, end: 9 });
  });

  it("reject a bad sender email with the field's path", () => {
    const r = ShopSettings.safeParse({
      sender: { name: "Shop", email: "not-an-email" },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["sender", "email"]);
  });
});

describe("errors by field", () => {
  it("say what is wrong in words the admin translates, once per field", () => {
    const r = ShopSettings.safeParse({
      dailyMessageCap: 2.5,
      quietHours: { start: -1 },
      languages: [],
      sender: { name: "", email: "x" },
    });
    expect(fieldErrors(r.error!.issues)).toEqual([
      {
        field: "dailyMessageCap",
        rule: "whole",
        message: "Enter a whole number",
      },
      {
        field: "quietHours.start",
        rule: "min",
        limit: 0,
        message: "At least 0",
      },
      { field: "quietHours.end", rule: "required", message: "Required" },
      {
        field: "languages",
        rule: "min",
        limit: 1,
        message: "Choose at least 1",
      },
      { field: "sender.name", rule: "required", message: "Required" },
      {
        field: "sender.email",
        rule: "email",
        message: "Enter a valid email address",
      },
    ]);
  });
});
