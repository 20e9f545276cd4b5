// The demo shop's catalogue: six products the double answers for and a demo storefront renders,
// each with an SVG image to serve at its imageUrl (/cdn/products/<handle>.svg on the storefront).
import type { DoubleProduct } from "./products";

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

const image = (title: string, background: string, accent: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800" role="img" aria-label="${escape(title)}">` +
  `<rect width="800" height="800" fill="${background}"/><circle cx="400" cy="340" r="190" fill="${accent}"/>` +
  `<text x="400" y="690" font-family="Helvetica, Arial, sans-serif" font-size="56" text-anchor="middle" fill="#1f2933">${escape(title)}</text></svg>`;

const product = (
  n: number,
  title: string,
  handle: string,
  price: string,
  description: string,
  colours: [string, string],
  totalInventory: number,
): DoubleProduct => ({
  id: `gid://shopify/Product/${n}`,
  variantId: `gid://shopify/ProductVariant/${n}`,
  title,
  handle,
  description,
  price,
  currencyCode: "USD",
  imageUrl: `/cdn/products/${handle}.svg`,
  imageAlt: title,
  imageSvg: image(title, ...colours),
  totalInventory,
  vendor: "Trigger Map Demo Store",
});

export const DEMO_PRODUCTS: readonly DoubleProduct[] = [
  product(
    1,
    "Linen shirt",
    "linen-shirt",
    "49.00",
    "A breathable linen shirt, cut loose for warm days.",
    ["#f4efe6", "#c9b79c"],
    24,
  ),
  product(
    2,
    "Canvas tote",
    "canvas-tote",
    "15.50",
    "A sturdy cotton canvas tote with long handles.",
    ["#eef3f1", "#8fb3a5"],
    60,
  ),
  product(
    3,
    "Ceramic mug",
    "ceramic-mug",
    "18.00",
    "A hand-glazed stoneware mug that holds 350 ml.",
    ["#f1f0f7", "#7d7ab8"],
    35,
  ),
  product(
    4,
    "Wool beanie",
    "wool-beanie",
    "24.00",
    "A ribbed merino wool beanie, warm without the itch.",
    ["#fbeeee", "#c96f6f"],
    18,
  ),
  product(
    5,
    "Leather notebook",
    "leather-notebook",
    "32.00",
    "An A5 notebook bound in vegetable-tanned leather.",
    ["#f6efe8", "#9a6b45"],
    12,
  ),
  product(
    6,
    "Scented candle",
    "scented-candle",
    "22.00",
    "A soy wax candle with cedar and bergamot, 40 hours.",
    ["#fdf7e7", "#e0b44f"],
    40,
  ),
];
