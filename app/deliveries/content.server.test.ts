// An article's HTML summary as the email's text: tags gone, entities read, kept short.
import { describe, expect, it } from "vitest";
import { textOf } from "./content.server";

describe("textOf", () => {
  it("reads an HTML summary as one line of text", () => {
    expect(
      textOf(
        "<p>Wash <strong>cool</strong>,&nbsp;dry flat &amp; iron damp.</p>\n<p>Linen&#39;s best &#x2014; for years.</p>",
      ),
    ).toBe("Wash cool, dry flat & iron damp. Linen's best — for years.");
  });

  it("leaves markup in the text as text for the renderer to escape, and unknown entities as they are", () => {
    expect(textOf("&lt;script&gt;alert(1)&lt;/script&gt; &bogus; &#0;")).toBe(
      "<script>alert(1)</script> &bogus;",
    );
  });

  it("cuts a long summary at 240 characters", () => {
    const cut = textOf(`<p>${"word ".repeat(100)}</p>`);
    expect(cut.length).toBeLessThanOrEqual(240);
    expect(cut.endsWith("…")).toBe(true);
  });
});
