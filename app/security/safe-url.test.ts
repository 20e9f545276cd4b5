import { describe, expect, it } from "vitest";
import { safeUrl } from "./safe-url";

describe("the link rule", () => {
  it("takes absolute http(s) addresses and paths on the shop's site as given", () => {
    for (const url of [
      "https://shop.example/collections/all?sort=new#top",
      "http://shop.example",
      "HTTPS://cdn.shopify.com/s/files/1/a.png",
      "/collections/all",
      "/",
      "/search?q=linen%20shirt",
      "/pages/über",
    ]) {
      expect(safeUrl(url), url).toBe(url);
    }
  });

  it("refuses every other scheme, however it is spelled or hidden", () => {
    const hostile = [
      "javascript:alert(document.cookie)",
      "JaVaScRiPt:alert(1)",
      " javascript:alert(1)",
      "\tjavascript:alert(1)",
      "\njavascript:alert(1)",
      "java\nscript:alert(1)",
      "java\tscript:alert(1)",
      "java\u0000script:alert(1)",
      "\u00a0javascript:alert(1)",
      "\ufeffjavascript:alert(1)",
      "javascript&colon;alert(1)",
      "&#106;avascript:alert(1)",
      "%6Aavascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "blob:https://shop.example/1",
      "mailto:a@b.example",
      "https:evil.example",
      "https:/evil.example",
      "https:///evil.example",
      "http://",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/ /evil.example",
      "https://evil.example\\@shop.example",
      "collections/all",
      "?q=1",
      "#top",
      "",
      " ",
      "/collections/all ",
      `/${"a".repeat(2048)}`,
    ];
    for (const url of hostile)
      expect(safeUrl(url), JSON.stringify(url)).toBeNull();
  });

  it("refuses what is not text", () => {
    for (const value of [null, undefined, 1, {}, ["/a"]])
      expect(safeUrl(value)).toBeNull();
  });
});
