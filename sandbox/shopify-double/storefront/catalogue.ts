// The products the demo storefront sells: the shop's own catalogue (DoubleShop.products) when it
// has one, else the demo catalogue. Prices are decimal strings as in the Admin API; the
// storefront works in cents with numeric ids, as Shopify's Liquid and AJAX API do.
import { DEMO_PRODUCTS } from "../demo-catalogue";
import type { DoubleProduct } from "../products";

export type StorefrontProduct = DoubleProduct;

export function productsOf(shop: {
  products?: readonly StorefrontProduct[];
}): readonly StorefrontProduct[] {
  return shop.products?.length ? shop.products : DEMO_PRODUCTS;
}

/** The number at the end of a global id (gid://shopify/Product/7 → 7). */
export const legacyId = (gid: string) => Number(gid.split("/").pop());

export const productId = (p: StorefrontProduct) => legacyId(p.id);
export const variantId = (p: StorefrontProduct) =>
  legacyId(p.variantId ?? `gid://shopify/ProductVariant/${productId(p)}`);
export const cents = (decimal: string) => Math.round(Number(decimal) * 100);
export const decimal = (cents: number) => (cents / 100).toFixed(2);
