import { describe, expect, it } from "vitest";
import { runServiceWorker } from "../../test/support/service-worker";
import { SERVICE_WORKER } from "./service-worker";

const serviceWorker = () => runServiceWorker(SERVICE_WORKER);

describe("the push service worker", () => {
  it("shows a notification and opens its link, a web address or a page of the shop", () => {
    const sw = serviceWorker();
    sw.push({
      title: "Your cart",
      body: "Still yours",
      url: "/cart",
      icon: "https://cdn.example/icon.png",
    });
    sw.push({
      title: "Sale",
      body: "Today",
      url: "https://shop.example/collections/sale",
    });
    expect(
      sw.shown.map((s) => [s.title, s.options.data.url, s.options.icon]),
    ).toEqual([
      ["Your cart", "/cart", "https://cdn.example/icon.png"],
      ["Sale", "https://shop.example/collections/sale", undefined],
    ]);
    sw.shown.forEach((s) => sw.click(s.options));
    expect(sw.opened).toEqual([
      "/cart",
      "https://shop.example/collections/sale",
    ]);
  });

  it("opens the shop's home page instead of a link that breaks the rule, and shows no such icon", () => {
    const sw = serviceWorker();
    for (const url of [
      "javascript:alert(1)",
      " JaVaScRiPt:alert(1)",
      "java\nscript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "//evil.example",
    ]) {
      sw.push({ title: "t", body: "b", url, icon: url });
    }
    expect(sw.shown.map((s) => [s.options.data.url, s.options.icon])).toEqual(
      Array(5).fill(["/", undefined]),
    );
    // A notification shown with a link from elsewhere (an older worker's) is checked when clicked too.
    sw.click({ data: { url: "javascript:alert(1)" } });
    expect(sw.opened).toEqual(["/"]);
  });
});
