import { describe, expect, it } from "vitest";
import { personalize } from "./personalize";

describe("personalization", () => {
  it("fills known values", () => {
    expect(
      personalize("Hello, {{first_name}}!", { first_name: "Ann" }),
    ).toEqual({ ok: true, text: "Hello, Ann!" });
  });

  it("uses the declared fallback for a missing, null or blank value", () => {
    for (const first_name of [undefined, null, "  "]) {
      expect(
        personalize(
          "Hello, {{ first_name }}!",
          { first_name },
          { first_name: "there" },
        ),
      ).toEqual({ ok: true, text: "Hello, there!" });
    }
  });

  it("refuses to print a missing value that has no fallback", () => {
    expect(
      personalize("Hello, {{first_name}}! Code {{code}}", { code: null }),
    ).toEqual({ ok: false, missing: ["first_name", "code"] });
  });
});
