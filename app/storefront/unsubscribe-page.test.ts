// The unsubscribe page: English or Russian (the email's language, else the browser's), fixed text
// only, and its button posts back the link's own parameters and nothing else.
import { describe, expect, it } from "vitest";
import { pageLanguage, unsubscribePage } from "./unsubscribe-page";

describe("the unsubscribe page", () => {
  it("speaks the email's language, else the browser's, else English", () => {
    expect(
      pageLanguage(new URLSearchParams({ l: "ru" }), "en-US,en;q=0.9"),
    ).toBe("ru");
    expect(pageLanguage(new URLSearchParams(), "de-DE,ru;q=0.8,en;q=0.5")).toBe(
      "ru",
    );
    expect(pageLanguage(new URLSearchParams({ l: "xx" }), null)).toBe("en");
    expect(unsubscribePage("done", new URLSearchParams(), "ru")).toContain(
      "Вы отписаны",
    );
    expect(unsubscribePage("invalid", new URLSearchParams(), "ru")).toContain(
      "Эта ссылка не работает",
    );
    expect(unsubscribePage("confirm", new URLSearchParams(), "en")).toContain(
      ">Unsubscribe</button>",
    );
  });

  it("posts back only the link's own parameters, escaped", () => {
    const params = new URLSearchParams({
      d: "d1",
      a: "h",
      l: "en",
      s: 'sig"><script>',
      shop: "x.myshopify.com",
      signature: "proxy",
    });
    const html = unsubscribePage("confirm", params, "en");
    expect(html).toContain(
      'action="/apps/trigger-map/unsubscribe?d=d1&#38;a=h&#38;l=en&#38;s=sig%22%3E%3Cscript%3E"',
    );
    expect(html).not.toContain("signature");
  });
});
