import { describe, expect, it } from "vitest";
import { Message } from "../scenarios/model";
import { onSitePreviewDocument, previewRule, SAMPLE_CODE } from "./preview";

const message = Message.parse({
  key: "welcome",
  title: { en: "Hi {{first_name}}", ru: "Привет, {{first_name}}" },
  body: { en: "10% off: leave your email", ru: "Скидка 10%: оставьте почту" },
  cta: { label: { en: "Shop" }, url: "/collections/all" },
  content: "email_capture",
  discount: { percent: 10 },
  fallbacks: { first_name: { en: "there", ru: "друг" } },
});

describe("a popup preview's rule", () => {
  it("is what the storefront config would carry for the message, in the preview's language", () => {
    const rule = previewRule(message, "popup", "ru");
    expect(rule).toMatchObject({
      channel: "popup",
      content: "email_capture",
      offersCode: true,
      delayMs: 0,
      texts: {
        ru: {
          title: "Привет, {{first_name}}",
          body: "Скидка 10%: оставьте почту",
          cta: { label: "Shop", url: "/collections/all" },
        },
      },
      fallbacks: { first_name: { ru: "друг" } },
    });
  });

  it("gives progress to a discount a sample threshold", () => {
    expect(
      previewRule(
        { ...message, content: "progress_to_threshold" },
        "popup",
        "en",
      ).threshold,
    ).toBe(50);
  });
});

describe("a popup preview's document", () => {
  const html = (uiScript: string, body = message.body) =>
    onSitePreviewDocument({
      message: { ...message, body },
      channel: "popup",
      language: "en",
      strings: { close: "Close" },
      currency: "USD",
      shopName: "Demo",
      firstName: "Anna",
      uiScript,
    });

  it("inlines the UI module and the rule, and opens the message with no request", () => {
    const doc = html("window.__triggerMapUI={show:function(){return true}};");
    expect(doc).toContain(
      "window.__triggerMapUI={show:function(){return true}};",
    );
    expect(doc).toContain('"body":"10% off: leave your email"');
    expect(doc).toContain(`"code":"${SAMPLE_CODE}"`);
    expect(doc).toMatch(
      /Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'/,
    );
    expect(doc).not.toMatch(/<script[^>]+src=/);
  });

  it("lets no copy or code close its script elements", () => {
    const doc = html('var s="</script><script>alert(1)</script>";', {
      en: "</script><img src=x onerror=alert(1)>",
    });
    expect(doc.match(/<\/script>/gi)).toHaveLength(3);
    expect(doc).toContain('var s="<\\/script><script>alert(1)<\\/script>";');
    expect(doc).toContain("\\u003c/script>\\u003cimg src=x onerror=alert(1)>");
  });
});
