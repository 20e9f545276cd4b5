import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SUPPRESSED_REASON } from "../../deliveries/suppression.server";
import { skippedReasonIn } from "./skipped";

describe("why a message was skipped, in the admin's language", () => {
  it("words every reason the app records, in English and Russian", () => {
    // The literal reasons written where messages are skipped.
    const written = [
      ...readFileSync("app/deliveries/send.server.ts", "utf8").matchAll(
        /end\("SKIPPED", "([^"]+)"\)/g,
      ),
      ...readFileSync("app/storefront/pending.server.ts", "utf8").matchAll(
        /status: "SKIPPED", error: "([^"]+)"/g,
      ),
      ...readFileSync("app/shops/install.server.ts", "utf8").matchAll(
        /status: "SKIPPED", error: "([^"]+)"/g,
      ),
    ].map((m) => m[1]!);
    expect(written).toEqual(
      expect.arrayContaining([
        "app uninstalled",
        "no push subscription",
        "no email address",
        "no marketing consent",
        "not shown: the shopper left the site",
      ]),
    );
    for (const reason of [...written, ...Object.values(SUPPRESSED_REASON)])
      for (const locale of ["en", "ru"] as const)
        expect(skippedReasonIn(reason, locale), reason).not.toBe(reason);
    expect(skippedReasonIn(SUPPRESSED_REASON.COMPLAINT, "ru")).toMatch(
      /^Получатель пометил письмо как спам/,
    );
  });

  it("shows a reason it does not know as it is", () => {
    expect(skippedReasonIn("a reason from tomorrow", "ru")).toBe(
      "a reason from tomorrow",
    );
    expect(skippedReasonIn("constructor", "en")).toBe("constructor");
  });
});
