// The sandbox's demo storefront in a real Chromium: the theme and the app embeds load without a
// script error, the theme's "Add to cart" goes through Shopify's AJAX cart, and the real app accepts
// the signed carts webhooks the double sends.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/sandbox";
import {
  ARTIFACTS as artifacts,
  startSandboxInBrowser,
  type Browser,
  type SandboxInBrowser,
} from "../support/browser";

let running: SandboxInBrowser;
let sandbox: Sandbox;
let browser: Browser;

beforeAll(async () => {
  running = await startSandboxInBrowser({ worker: false });
  ({ sandbox, browser } = running);
});
afterAll(() => running?.stop());

describe("the sandbox storefront in Chromium", () => {
  it("shows the theme with the app embeds and adds to the cart through the AJAX API", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(sandbox.storefrontUrl);
    await page
      .getByRole("heading", { name: "Made to be used every day" })
      .waitFor();
    expect(
      await page.locator('script[data-trigger-map="popups"]').count(),
    ).toBe(1);
    expect(
      await page.evaluate(() => {
        const shopify = (
          window as unknown as {
            Shopify: { customerPrivacy: { userCanBeTracked(): boolean } };
          }
        ).Shopify;
        return shopify.customerPrivacy.userCanBeTracked();
      }),
    ).toBe(true);
    await page.screenshot({
      path: path.join(artifacts, "storefront-home-mobile.png"),
      fullPage: true,
    });

    await page.goto(`${sandbox.storefrontUrl}products/linen-shirt`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByText("Added to your cart.").waitFor();
    expect(await page.locator("[data-cart-count]").textContent()).toBe("1");
    const cookies = await browser.context.cookies(sandbox.storefrontUrl);
    expect(cookies.map((c) => c.name)).toEqual(
      expect.arrayContaining(["_shopify_y", "cart"]),
    );

    await sandbox.double.storefront.settled();
    const deliveries = sandbox.double.storefront.deliveries;
    expect(deliveries.map((d) => [d.input.topic, d.status])).toEqual([
      ["carts/create", 200],
    ]);
    expect(JSON.parse(deliveries[0]!.rawBody)).toMatchObject({
      token: cookies.find((c) => c.name === "cart")!.value,
    });
    expect(errors).toEqual([]);
  });
});
