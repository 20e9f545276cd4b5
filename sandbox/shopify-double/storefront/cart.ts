// Storefront carts as Shopify keeps them: one per browser (the `cart` cookie holds its token),
// amounts in cents, lines keyed by variant and properties. Renders the AJAX API's JSON (/cart.js)
// and the REST body of the carts/create and carts/update webhooks.
import { createHash, randomBytes } from "node:crypto";
import {
  cents,
  decimal,
  productId,
  variantId,
  type StorefrontProduct,
} from "./catalogue";

export interface CartLine {
  key: string;
  product: StorefrontProduct;
  quantity: number;
  properties: Record<string, string>;
}

export interface Cart {
  token: string;
  shop: string;
  currency: string;
  lines: CartLine[];
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Whether carts/create went out: Shopify creates a cart with its first line. */
  announced: boolean;
}

export class CartError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

/** Shopify's error body for the AJAX API. */
export const cartErrorBody = (error: CartError) => ({
  status: error.status,
  message: "Cart Error",
  description: error.description,
});

export class Carts {
  private readonly carts = new Map<string, Cart>();

  get(shop: string, token: string | undefined): Cart | undefined {
    const cart = token ? this.carts.get(token) : undefined;
    return cart?.shop === shop ? cart : undefined;
  }

  create(shop: string, currency: string): Cart {
    // Shaped like Shopify's older cart tokens (the cookie value and the webhook's token agree).
    const token = `c1-${randomBytes(16).toString("hex")}`;
    const now = new Date();
    const cart: Cart = {
      token,
      shop,
      currency,
      lines: [],
      note: null,
      createdAt: now,
      updatedAt: now,
      announced: false,
    };
    this.carts.set(token, cart);
    return cart;
  }

  /** Adds to the line of the same variant and properties; returns that line. */
  add(
    cart: Cart,
    product: StorefrontProduct,
    quantity: number,
    properties: Record<string, string> = {},
  ): CartLine {
    if (!Number.isInteger(quantity) || quantity < 1)
      throw new CartError(422, "Quantity must be a positive whole number.");
    const key = lineKey(product, properties);
    let line = cart.lines.find((l) => l.key === key);
    if (line) line.quantity += quantity;
    else cart.lines.push((line = { key, product, quantity, properties }));
    cart.updatedAt = new Date();
    return line;
  }

  /** /cart/change.js: a line by key, variant id or 1-based `line`; quantity 0 removes it. */
  change(
    cart: Cart,
    target: { id?: string; line?: number },
    quantity: number,
  ): void {
    if (!Number.isInteger(quantity) || quantity < 0)
      throw new CartError(
        422,
        "Quantity must be zero or a positive whole number.",
      );
    const index =
      target.line !== undefined
        ? target.line - 1
        : cart.lines.findIndex(
            (l) =>
              l.key === target.id || String(variantId(l.product)) === target.id,
          );
    const line = cart.lines[index];
    if (!line) throw new CartError(400, "No valid id or line parameter.");
    if (quantity === 0) cart.lines.splice(index, 1);
    else line.quantity = quantity;
    cart.updatedAt = new Date();
  }

  clear(cart: Cart): void {
    cart.lines = [];
    cart.updatedAt = new Date();
  }
}

function lineKey(
  product: StorefrontProduct,
  properties: Record<string, string>,
): string {
  const hash = createHash("md5")
    .update(JSON.stringify(Object.entries(properties).sort()))
    .digest("hex");
  return `${variantId(product)}:${hash}`;
}

const lineCents = (line: CartLine) => cents(line.product.price) * line.quantity;
export const cartTotal = (cart: Cart) =>
  cart.lines.reduce((sum, line) => sum + lineCents(line), 0);
export const itemCount = (cart: Cart) =>
  cart.lines.reduce((sum, line) => sum + line.quantity, 0);

/** A line of /cart.js (and of /cart/add.js's answer). */
export function lineJson(line: CartLine) {
  const p = line.product;
  const price = cents(p.price);
  return {
    id: variantId(p),
    properties: line.properties,
    quantity: line.quantity,
    variant_id: variantId(p),
    key: line.key,
    title: p.title,
    price,
    original_price: price,
    discounted_price: price,
    line_price: lineCents(line),
    original_line_price: lineCents(line),
    final_price: price,
    final_line_price: lineCents(line),
    total_discount: 0,
    discounts: [],
    sku: null,
    grams: 0,
    vendor: p.vendor ?? "",
    taxable: true,
    product_id: productId(p),
    product_has_only_default_variant: true,
    gift_card: false,
    url: `/products/${p.handle}?variant=${variantId(p)}`,
    image: p.imageUrl,
    handle: p.handle,
    requires_shipping: true,
    product_type: "",
    product_title: p.title,
    product_description: p.description,
    variant_title: null,
    variant_options: ["Default Title"],
    options_with_values: [{ name: "Title", value: "Default Title" }],
    line_level_discount_allocations: [],
    line_level_total_discount: 0,
  };
}

/** GET /cart.js */
export function cartJson(cart: Cart) {
  const total = cartTotal(cart);
  return {
    token: cart.token,
    note: cart.note,
    attributes: {},
    original_total_price: total,
    total_price: total,
    total_discount: 0,
    total_weight: 0,
    item_count: itemCount(cart),
    items: cart.lines.map(lineJson),
    requires_shipping: cart.lines.length > 0,
    currency: cart.currency,
    items_subtotal_price: total,
    cart_level_discount_applications: [],
  };
}

/** The carts/create and carts/update webhook body (the REST cart: no customer, no email). */
export function cartWebhookPayload(cart: Cart) {
  const money = (amount: number) => ({
    shop_money: { amount: decimal(amount), currency_code: cart.currency },
    presentment_money: {
      amount: decimal(amount),
      currency_code: cart.currency,
    },
  });
  return {
    id: cart.token,
    token: cart.token,
    line_items: cart.lines.map((line) => {
      const price = cents(line.product.price);
      return {
        id: variantId(line.product),
        properties: line.properties,
        quantity: line.quantity,
        variant_id: variantId(line.product),
        key: line.key,
        discounted_price: decimal(price),
        discounts: [],
        gift_card: false,
        grams: 0,
        line_price: decimal(lineCents(line)),
        original_line_price: decimal(lineCents(line)),
        original_price: decimal(price),
        price: decimal(price),
        product_id: productId(line.product),
        sku: "",
        taxable: true,
        title: line.product.title,
        total_discount: "0.00",
        vendor: line.product.vendor ?? "",
        discounted_price_set: money(price),
        line_price_set: money(lineCents(line)),
        original_line_price_set: money(lineCents(line)),
        price_set: money(price),
        total_discount_set: money(0),
      };
    }),
    note: cart.note,
    updated_at: cart.updatedAt.toISOString(),
    created_at: cart.createdAt.toISOString(),
  };
}
