// Sales paths (SA1-SA5) end to end in the sandbox: a Chromium shopper on the demo storefront,
// Shopify's signed webhooks from the double, the app's worker clock moved over waits of days, and
// each message checked where a person sees it (the page's shadow root, the SMTP server's inbox,
// the push service), then the scenario's counters on the admin's Analytics page.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addToCart, analyticsRow, pixelEvent, pixelProduct, chat, checkoutOf, DAY, dialog, mailTo, MINUTE, newShopper, only, orderOf, passes, rewind, shot, startE2e,
  unsubscribeHeader, webhook, type E2e,
} from "../support/e2e-sare";

let e: E2e;
beforeAll(async () => void (e = await startE2e()), 120_000);
afterAll(() => e?.stop());

describe("SA3: a shopper leaves a cart and is brought back, on site, by email, then with a code", () => {
  let page: Page;
  afterAll(() => page?.close());

  it("shows the saved cart on site, emails it, reminds with a code, and the order with it ends the scenario", { timeout: 180_000 }, async () => {
    rewind(e);
    const sa3 = await only(e, "SA3");
    page = await newShopper(e);
    const cart = await addToCart(e, page, "linen-shirt");
    await pixelEvent(e, "product_added_to_cart", { cartLine: { quantity: 1, merchandise: { product: pixelProduct(1, "Linen shirt") } } }, "/products/linen-shirt");
    const ann = { customerId: 5301, email: "ann.sa3@example.com", firstName: "Ann" };
    await webhook(e, "customers/create", { ...customerOf(ann), email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in", consent_updated_at: e.worker.now().toISOString() } });
    await webhook(e, "checkouts/create", checkoutOf(e, cart, ann));
    // A minute on the shopper's clock and the app's: the cart on site.
    await page.clock.fastForward(MINUTE);
    await dialog(page).getByText("Your cart is saved. Need help with your order?").waitFor();
    await shot(page, "SA3");
    await passes(e, MINUTE);

    await passes(e, 60 * MINUTE);
    const [recovery] = mailTo(e, ann.email);
    expect(recovery?.subject).toBe("You left something behind");
    expect(recovery?.text).toContain("Ann, your cart is waiting");
    expect(recovery?.text).toContain("Linen shirt × 1 — $49.00");
    expect(unsubscribeHeader(recovery!)).toMatch(/unsubscribe/);

    await passes(e, 3 * DAY);
    const reminder = mailTo(e, ann.email)[1];
    expect(reminder?.subject).toBe("A code for your cart");
    const code = /complete your order with (TM-[A-Z2-9]+)/.exec(reminder?.text ?? "")?.[1];
    expect(code, reminder?.text).toBeTruthy();
    expect(e.t.double.admin.discounts(e.t.shop).map((d) => d.code)).toContain(code);

    await webhook(e, "orders/create", orderOf(e, cart, ann, { discountCodes: [code!], checkoutToken: `co-${cart}` }));
    await passes(e, 7 * DAY);
    expect(mailTo(e, ann.email)).toHaveLength(2);
    expect(await e.worker.failures()).toEqual([]);
    const row = await analyticsRow(e, sa3, "SA3");
    expect(row).toMatchObject({ launches: 1, conversions: 1 });
    void chat;
  });
});

const customerOf = (p: { customerId: number; email: string; firstName: string }) => ({
  id: p.customerId, email: p.email, first_name: p.firstName, last_name: "Tester", phone: null, tags: "", admin_graphql_api_id: `gid://shopify/Customer/${p.customerId}`,
  created_at: new Date().toISOString(), updated_at: new Date().toISOString(), state: "enabled", verified_email: true,
});
