// The demo storefront's theme: a plain, responsive layout and its pages as HTML strings. App embeds
// and app blocks arrive already rendered (liquid.ts); the theme only places them where Shopify does.
import { formatMoney } from "./liquid";
import { cents, variantId, type StorefrontProduct } from "./catalogue";
import type { Cart } from "./cart";
import { DEMO_ARTICLES } from "../demo-blog";

export const esc = (text: unknown) =>
  String(text ?? "").replace(
    /[&<>"']/g,
    (c) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[
        c
      ]!,
  );

export interface Article {
  handle: string;
  title: string;
  date: string;
  excerpt: string;
  body: string[];
}

/** The demo blog (the Admin API's articles too), newest first. */
export const ARTICLES: readonly Article[] = [...DEMO_ARTICLES]
  .sort((a, b) => (b.publishedAt ?? "").localeCompare(a.publishedAt ?? ""))
  .map((a) => ({
    handle: a.handle,
    title: a.title,
    date: (a.publishedAt ?? "").slice(0, 10),
    excerpt: a.summary,
    body: a.body,
  }));

export interface Layout {
  title: string;
  shopName: string;
  /** "" or "/ru": links keep the visitor's language prefix. */
  root: string;
  locale: string;
  currency: string;
  cartCount: number;
  customerName: string | null;
  /** Stylesheets the app blocks on the page declare. */
  stylesheets: string[];
  globalsScript: string;
  /** App embeds (target "body"), rendered, placed just before </body>. */
  bodyEmbeds: string;
  main: string;
}

const CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:16px/1.55 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2933;background:#fff}
a{color:inherit}
img{max-width:100%;height:auto;display:block}
.announcement{background:#1f2933;color:#fff;text-align:center;font-size:14px;padding:8px 16px}
.header{border-bottom:1px solid #e5e7eb}
.header__inner,.page,.footer__inner{max-width:1120px;margin:0 auto;padding:0 20px}
.header__inner{display:flex;align-items:center;gap:24px;min-height:64px;flex-wrap:wrap}
.header__logo{font-weight:700;font-size:20px;text-decoration:none;margin-right:auto}
.nav{display:flex;gap:18px;flex-wrap:wrap}
.nav a,.header__icons a{text-decoration:none;font-size:15px}
.nav a:hover,.header__icons a:hover{text-decoration:underline}
.header__icons{display:flex;gap:16px}
.cart-count{display:inline-block;min-width:22px;padding:0 6px;border-radius:11px;background:#1f2933;color:#fff;font-size:13px;text-align:center}
.page{padding-top:32px;padding-bottom:56px}
.hero{background:#f4efe6;border-radius:12px;padding:56px 32px;margin-bottom:40px}
.hero h1{font-size:clamp(28px,5vw,44px);margin:0 0 12px}
.button{display:inline-block;background:#1f2933;color:#fff;border:0;border-radius:6px;padding:12px 22px;font:inherit;text-decoration:none;cursor:pointer}
.button--secondary{background:#fff;color:#1f2933;border:1px solid #1f2933}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:20px;padding:0;list-style:none}
.card a{text-decoration:none}
.card img{border-radius:8px;aspect-ratio:1;object-fit:cover;background:#f3f4f6}
.card h3{font-size:16px;margin:10px 0 2px;font-weight:500}
.price{font-weight:600}
.product{display:grid;grid-template-columns:1fr 1fr;gap:40px}
.product img{border-radius:12px}
.product form{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin:24px 0}
.product input[type=number]{width:72px;padding:10px;font:inherit;border:1px solid #9ca3af;border-radius:6px}
.notice{min-height:1.6em;color:#166534}
.section{margin:48px 0}
.cart-table{width:100%;border-collapse:collapse}
.cart-table td,.cart-table th{padding:12px 8px;border-bottom:1px solid #e5e7eb;text-align:left}
.cart-total{display:flex;justify-content:flex-end;gap:16px;align-items:center;margin-top:24px;flex-wrap:wrap}
.article{max-width:720px}
.muted{color:#6b7280}
form.contact{display:grid;gap:12px;max-width:520px}
form.contact input,form.contact textarea{font:inherit;padding:10px;border:1px solid #9ca3af;border-radius:6px}
.footer{border-top:1px solid #e5e7eb;background:#fafafa;font-size:14px}
.footer__inner{padding-top:24px;padding-bottom:32px;display:flex;gap:24px;flex-wrap:wrap;justify-content:space-between}
@media (max-width:720px){.product{grid-template-columns:1fr}.header__inner{padding-top:8px;padding-bottom:8px}.hero{padding:32px 20px}}
`;

/** A whole page: theme header and footer around `main`, app embeds before </body>. */
export function layout(l: Layout): string {
  const r = l.root;
  return `<!doctype html>
<html lang="${esc(l.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(l.title)} – ${esc(l.shopName)}</title>
<style>${CSS}</style>
${l.stylesheets.map((href) => `<link rel="stylesheet" href="${esc(href)}">`).join("\n")}
<script>${l.globalsScript}</script>
</head>
<body>
<div class="announcement">Free shipping on orders over ${esc(formatMoney(5000, l.currency))}</div>
<header class="header"><div class="header__inner">
  <a class="header__logo" href="${r}/">${esc(l.shopName)}</a>
  <nav class="nav" aria-label="Main"><a href="${r}/">Home</a><a href="${r}/collections/all">Catalog</a><a href="${r}/blogs/news">Blog</a><a href="${r}/pages/contact">Contact</a></nav>
  <div class="header__icons">
    <a href="${r}/account/login">${l.customerName ? `Hi, ${esc(l.customerName)}` : "Log in"}</a>
    <a href="${r}/cart">Cart <span class="cart-count" data-cart-count>${l.cartCount}</span></a>
  </div>
</div></header>
<main class="page" id="MainContent">
${l.main}
</main>
<footer class="footer"><div class="footer__inner">
  <span>© ${new Date().getFullYear()} ${esc(l.shopName)} · a storefront of the Shopify double</span>
  <span>Demo switches: <a href="?consent=required">consent required</a> · <a href="?consent=given">consent given</a> · <a href="?embeds=0">without app embeds</a> · <a href="?embeds=1">with app embeds</a></span>
</div></footer>
${l.bodyEmbeds}
</body>
</html>`;
}

function card(p: StorefrontProduct, r: string, currency: string): string {
  return `<li class="card"><a href="${r}/products/${esc(p.handle)}"><img src="${esc(p.imageUrl)}" alt="${esc(p.imageAlt ?? p.title)}" width="400" height="400" loading="lazy"><h3>${esc(p.title)}</h3><span class="price">${esc(formatMoney(cents(p.price), currency))}</span></a></li>`;
}

export const productGrid = (
  products: readonly StorefrontProduct[],
  r: string,
  currency: string,
) =>
  `<ul class="grid">${products.map((p) => card(p, r, currency)).join("")}</ul>`;

export function homePage(
  products: readonly StorefrontProduct[],
  r: string,
  currency: string,
  appBlocks: string,
): string {
  return `<section class="hero"><h1>Made to be used every day</h1><p>Simple goods in natural materials.</p><a class="button" href="${r}/collections/all">Shop all</a></section>
<section class="section"><h2>Featured</h2>${productGrid(products.slice(0, 4), r, currency)}</section>
<section class="section shopify-section" id="shopify-section-apps">${appBlocks}</section>`;
}

export const collectionPage = (
  products: readonly StorefrontProduct[],
  r: string,
  currency: string,
) =>
  `<h1>All products</h1><p class="muted">${products.length} products</p>${productGrid(products, r, currency)}`;

/** How the theme's "Add to cart" works: in place through /cart/add.js, or a plain form post to /cart/add (many themes), which lands on /cart. */
export type AddToCart = "ajax" | "form";

// The form works without JavaScript (a post to /cart/add); the "ajax" theme adds through
// /cart/add.js in place.
export function productPage(
  p: StorefrontProduct,
  r: string,
  currency: string,
  addToCart: AddToCart = "ajax",
): string {
  return `<div class="product">
  <img src="${esc(p.imageUrl)}" alt="${esc(p.imageAlt ?? p.title)}" width="800" height="800">
  <div>
    <p class="muted">${esc(p.vendor ?? "")}</p>
    <h1>${esc(p.title)}</h1>
    <p class="price">${esc(formatMoney(cents(p.price), currency))}</p>
    <p>${esc(p.description)}</p>
    <form method="post" action="${r}/cart/add" data-product-form>
      <input type="hidden" name="id" value="${variantId(p)}">
      <label>Quantity <input type="number" name="quantity" value="1" min="1"></label>
      <button class="button" type="submit" name="add">Add to cart</button>
    </form>
    <p class="notice" role="status" aria-live="polite" data-cart-notice></p>
  </div>
</div>
${addToCart === "form" ? "" : ajaxAdd(r)}`;
}

const ajaxAdd = (r: string) => `<script>
document.querySelector("[data-product-form]").addEventListener("submit", function (event) {
  event.preventDefault();
  fetch(${JSON.stringify(`${r}/cart/add.js`)}, { method: "POST", body: new FormData(event.target), headers: { Accept: "application/json" } })
    .then(function (res) { return res.json().then(function (body) { if (!res.ok) throw new Error(body.description); return fetch(${JSON.stringify(`${r}/cart.js`)}); }); })
    .then(function (res) { return res.json(); })
    .then(function (cart) {
      document.querySelectorAll("[data-cart-count]").forEach(function (el) { el.textContent = cart.item_count; });
      document.querySelector("[data-cart-notice]").textContent = "Added to your cart.";
    })
    .catch(function (error) { document.querySelector("[data-cart-notice]").textContent = error.message; });
});
</script>`;

export function cartPage(
  cart: Cart | undefined,
  r: string,
  currency: string,
): string {
  if (!cart || cart.lines.length === 0)
    return `<h1>Your cart</h1><p>Your cart is empty.</p><a class="button" href="${r}/collections/all">Continue shopping</a>`;
  const rows = cart.lines
    .map(
      (line, i) =>
        `<tr><td><a href="${r}/products/${esc(line.product.handle)}">${esc(line.product.title)}</a></td><td>${esc(formatMoney(cents(line.product.price), currency))}</td><td>${line.quantity}</td><td>${esc(formatMoney(cents(line.product.price) * line.quantity, currency))}</td><td><a href="${r}/cart/change?line=${i + 1}&amp;quantity=0">Remove</a></td></tr>`,
    )
    .join("");
  const total = cart.lines.reduce(
    (sum, l) => sum + cents(l.product.price) * l.quantity,
    0,
  );
  return `<h1>Your cart</h1>
<table class="cart-table"><thead><tr><th>Product</th><th>Price</th><th>Quantity</th><th>Total</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<div class="cart-total"><strong>Subtotal ${esc(formatMoney(total, currency))}</strong>
<form method="post" action="${r}/cart/clear"><button class="button button--secondary" type="submit">Clear cart</button></form>
<a class="button" href="${r}/checkout">Check out</a></div>`;
}

/** The double's stand-in for Shopify's checkout: the order summary, and no way to pay. */
export function checkoutPage(cart: Cart, r: string, currency: string): string {
  const total = cart.lines.reduce(
    (sum, l) => sum + cents(l.product.price) * l.quantity,
    0,
  );
  return `<h1>Checkout</h1>
<ul>${cart.lines.map((l) => `<li>${esc(l.product.title)} × ${l.quantity}</li>`).join("")}</ul>
<p><strong>Total ${esc(formatMoney(total, currency))}</strong></p>
<p class="muted">The Shopify double's checkout ends here: it takes no payment. Orders come from <code>orders/create</code> webhooks the tests send.</p>
<a class="button button--secondary" href="${r}/cart">Back to the cart</a>`;
}

export const blogPage = (r: string) =>
  `<h1>News</h1>${ARTICLES.map((a) => `<article class="section"><h2><a href="${r}/blogs/news/${a.handle}">${esc(a.title)}</a></h2><p class="muted">${a.date}</p><p>${esc(a.excerpt)}</p></article>`).join("")}`;

export const articlePage = (a: Article, r: string) =>
  `<article class="article"><p><a href="${r}/blogs/news">← News</a></p><h1>${esc(a.title)}</h1><p class="muted">${a.date}</p>${a.body.map((p) => `<p>${esc(p)}</p>`).join("")}</article>`;

export const contactPage = (r: string, posted: boolean) =>
  `<h1>Contact</h1>${posted ? `<p class="notice">Thanks for contacting us. We'll get back to you as soon as possible.</p>` : ""}
<form class="contact" method="post" action="${r}/contact"><label>Name <input name="contact[name]" autocomplete="name"></label><label>Email <input type="email" name="contact[email]" autocomplete="email" required></label><label>Message <textarea name="contact[body]" rows="5"></textarea></label><button class="button" type="submit">Send</button></form>`;

export const accountPage = (
  r: string,
  customer: {
    id: number;
    first_name: string | null;
    email: string | null;
  } | null,
  demo: { id: number; name: string }[],
) =>
  customer
    ? `<h1>Account</h1><p>Logged in as ${esc(customer.first_name ?? "")} (${esc(customer.email ?? "")}, customer ${customer.id}).</p><a class="button button--secondary" href="${r}/account/logout">Log out</a>`
    : `<h1>Log in</h1><p class="muted">The double has no passwords: pick a demo customer.</p>${demo.map((c) => `<p><a class="button" href="${r}/account/login?customer_id=${c.id}">Log in as ${esc(c.name)}</a></p>`).join("")}`;

export const notFoundPage = (r: string) =>
  `<h1>Page not found</h1><p><a href="${r}/">Back to the home page</a></p>`;
