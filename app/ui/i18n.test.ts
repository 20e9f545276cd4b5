import { describe, expect, it } from "vitest";
import { defineWords, localeFrom, pick, translate } from "./i18n";

const words = defineWords(
  { hello: "Hello, {name}", plain: "Plain" },
  { hello: "Привет, {name}", plain: "Просто" },
);

describe("the admin's language", () => {
  it("follows Shopify's locale parameter, Russian for any ru variant", () => {
    expect(localeFrom(new Request("https://app.test/app?locale=ru"))).toBe(
      "ru",
    );
    expect(localeFrom(new Request("https://app.test/app?locale=ru-RU"))).toBe(
      "ru",
    );
    expect(localeFrom(new Request("https://app.test/app?locale=de"))).toBe(
      "en",
    );
    expect(localeFrom(new Request("https://app.test/app"))).toBe("en");
  });

  it("fills placeholders and leaves a missing one visible instead of printing undefined", () => {
    expect(translate(words, "ru")("hello", { name: "Анна" })).toBe(
      "Привет, Анна",
    );
    expect(translate(words, "en")("hello")).toBe("Hello, {name}");
    expect(translate(words, "en")("hello", {})).toBe("Hello, {name}");
  });

  it("picks text per language and falls back to English when a language is empty", () => {
    expect(pick({ en: "Cart", ru: "Корзина" }, "ru")).toBe("Корзина");
    expect(pick({ en: "Cart", ru: "" }, "ru")).toBe("Cart");
  });
});
