import { describe, expect, it } from "vitest";
import { Message } from "../scenarios/model";
import {
  parsePreviewRequest,
  personalizeCopy,
  pushPreviewDocument,
  sampleValues,
} from "./previews";

const message = (input: Partial<Message> & Pick<Message, "body">): Message =>
  Message.parse({ key: "preview", ...input });

describe("a preview request", () => {
  it("is the editor's unsaved message with the channel, checked by the model's schema", () => {
    const parsed = parsePreviewRequest({
      channel: "email",
      message: { key: "welcome", body: { en: "Hi" } },
    });
    expect(parsed).toMatchObject({
      ok: true,
      request: {
        channel: "email",
        marketing: true,
        language: "en",
        contact: "named",
        message: { content: "none", fallbacks: {} },
      },
    });
  });

  it("names the field a bad message gets wrong", () => {
    const parsed = parsePreviewRequest({
      channel: "popup",
      message: { key: "welcome", body: { en: "" } },
    });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors.map((e) => e.field)).toEqual([
      "message.body.en",
    ]);
  });

  it("refuses a channel the model does not have, and a discount out of range", () => {
    const parsed = parsePreviewRequest({
      channel: "sms",
      message: { key: "k", body: { en: "Hi" }, discount: { percent: 95 } },
    });
    expect(!parsed.ok && parsed.errors.map((e) => e.field).sort()).toEqual([
      "channel",
      "message.discount.percent",
    ]);
  });
});

describe("a preview's copy", () => {
  const hello = message({
    title: { en: "Hello, {{first_name}}", ru: "Привет, {{first_name}}" },
    body: { en: "Your code: {{code}}" },
    fallbacks: { first_name: { en: "friend", ru: "друг" } },
    discount: { percent: 10, validDays: 14 },
  });

  it("is personalized for a sample contact, with a sample code", () => {
    const copy = personalizeCopy(
      hello,
      "en",
      sampleValues("en", "named", "Demo", "SAMPLE-10"),
    );
    expect(copy).toEqual({
      title: "Hello, Anna",
      body: "Your code: SAMPLE-10",
      cta: null,
      missing: [],
    });
  });

  it("shows the fallback in the language for a contact whose name is not known, never null", () => {
    const copy = personalizeCopy(
      hello,
      "ru",
      sampleValues("ru", "unnamed", "Demo", "SAMPLE-10"),
    );
    expect(copy.title).toBe("Привет, друг");
    // No Russian body: the English one, as sending does.
    expect(copy.body).toBe("Your code: SAMPLE-10");
  });

  it("keeps a placeholder with no value and no fallback visible, and names it", () => {
    const copy = personalizeCopy(
      message({
        body: { en: "Hi {{first_name}}, see {{favourite}}" },
        cta: { label: { en: "Go {{first_name}}" }, url: "/" },
      }),
      "en",
      sampleValues("en", "unnamed", "Demo", null),
    );
    expect(copy.body).toBe("Hi {{first_name}}, see {{favourite}}");
    expect(copy.cta).toEqual({ label: "Go {{first_name}}", url: "/" });
    expect(copy.missing.sort()).toEqual(["favourite", "first_name"]);
  });
});

describe("a web push preview", () => {
  it("shows the shop's initial, the title and the body as text", () => {
    const html = pushPreviewDocument({
      shopName: "demo <shop>",
      title: "<b>Back</b> in stock",
      body: "Hi & bye",
      language: "en",
    });
    expect(html).toContain('<div class="icon" aria-hidden="true">D</div>');
    expect(html).toContain("&#60;b&#62;Back&#60;/b&#62; in stock");
    expect(html).toContain("Hi &#38; bye");
    expect(html).not.toContain("<b>");
  });

  it("without a title shows the shop's name, as sending does", () => {
    expect(
      pushPreviewDocument({
        shopName: "Demo",
        title: null,
        body: "x",
        language: "en",
      }),
    ).toContain('<p class="title">Demo</p>');
  });
});
