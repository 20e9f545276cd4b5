// The demo shop's online store, served by the double on its own origin (so the app proxy at
// /apps/trigger-map/* is same-origin, as on a real shop): theme pages with the theme app extension
// rendered as Shopify renders it, Shopify's AJAX cart API with carts/create and carts/update
// webhooks to the app, the visitor cookie, a Customer Privacy API stand-in, and demo switches.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AdminApi, DoubleShop } from "../admin-api";
import type { WebhookDelivery } from "../webhooks";
import {
  CartError,
  Carts,
  cartErrorBody,
  cartJson,
  cartTotal,
  cartWebhookPayload,
  itemCount,
  lineJson,
  type Cart,
} from "./cart";
import {
  cents,
  legacyId,
  productId,
  productsOf,
  variantId,
  type StorefrontProduct,
} from "./catalogue";
import {
  EXTENSION_ASSET_PATH,
  ThemeExtension,
  type LiquidCustomer,
  type StorefrontGlobals,
} from "./liquid";
import {
  CONSENT_DECISION_COOKIE,
  CONSENT_REGION_COOKIE,
  VISITOR_COOKIE,
  analyticsAllowed,
  parseDecision,
  shopifyGlobalsScript,
} from "./privacy";
import * as theme from "./theme";
import {
  PIXEL_FILE,
  SANDBOX_FILE,
  WPM_PATH,
  managerScript,
  pixelBundle,
  sandboxDocument,
  type PixelEventInput,
} from "./web-pixels";

export const CART_COOKIE = "cart";
/** "0": pages without anything from the theme app extension (a benchmark's baseline). */
export const EMBEDS_COOKIE = "shopify_double_embeds";
/** "form" or "ajax": the theme's add to cart for this browser (`?add_to_cart=`), over the shop's. */
export const ADD_TO_CART_COOKIE = "shopify_double_add_to_cart";

const YEAR = 365 * 24 * 3600;
const TWO_WEEKS = 14 * 24 * 3600;

export interface StorefrontOptions {
  shops: DoubleShop[];
  admin: AdminApi;
  /** The shop a storefront request is for. */
  shopFor(req: IncomingMessage): string;
  /** The logged-in customer: the cookie the app proxy also reads (CUSTOMER_COOKIE in server.ts). */
  customerCookie: string;
  customerHeader: string;
  deliverWebhook(input: {
    path: string;
    topic: string;
    shopDomain: string;
    payload: unknown;
  }): Promise<WebhookDelivery>;
  /** carts/create and carts/update to the app when a cart changes (default true). */
  cartWebhooks?: boolean;
  /** The theme's add to cart (default "ajax"). */
  addToCart?: theme.AddToCart;
  /** The app's web pixel runs on the pages, as Shopify runs it (default true; web-pixels.ts). */
  webPixels?: boolean;
}

interface Visit {
  req: IncomingMessage;
  res: ServerResponse;
  shop: DoubleShop;
  /** "" or "/ru" */
  root: string;
  locale: string;
  /** The path without the language prefix. */
  path: string;
  query: URLSearchParams;
  cookies: Map<string, string>;
  setCookies: string[];
}

export class Storefront {
  /** Switch the cart webhooks off (or on) at any time. */
  cartWebhooks: boolean;
  /** The theme setting: "Add to cart" in place (AJAX) or a form post landing on /cart. */
  addToCart: theme.AddToCart;
  /** Switch the app's web pixel off (or on) at any time. */
  webPixels: boolean;
  readonly carts = new Carts();
  /** Lines a form post added, per cart: their product_added_to_cart goes with the page it lands on. */
  private readonly formAdds = new Map<string, PixelEventInput[]>();
  /** Cart webhooks delivered, in order. */
  readonly deliveries: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly shops: Map<string, DoubleShop>;

  constructor(private readonly options: StorefrontOptions) {
    this.cartWebhooks = options.cartWebhooks ?? true;
    this.addToCart = options.addToCart ?? "ajax";
    this.webPixels = options.webPixels ?? true;
    this.shops = new Map(options.shops.map((s) => [s.domain, s]));
  }

  /** Resolves when every cart webhook sent so far has been answered. */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** Answers a storefront request; false when the path is not the storefront's. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://storefront");
    const match = /^(\/ru)?(\/.*)?$/.exec(url.pathname)!;
    const route = match[2] ?? "/";
    if (!isStorefrontPath(route)) return false;
    const shop =
      this.shops.get(this.options.shopFor(req)) ?? this.options.shops[0]!;
    const visit: Visit = {
      req,
      res,
      shop,
      root: match[1] ?? "",
      locale: match[1] ? "ru" : "en",
      path: route,
      query: url.searchParams,
      cookies: parseCookies(req.headers.cookie),
      setCookies: [],
    };
    await this.route(visit, req.method ?? "GET");
    return true;
  }

  private async route(v: Visit, method: string) {
    const p = v.path;
    let m: RegExpExecArray | null;
    if ((m = /^\/cdn\/products\/([\w-]+)\.svg$/.exec(p)))
      return this.productImage(v, m[1]!);
    if (p.startsWith(EXTENSION_ASSET_PATH))
      return serveAsset(
        v,
        decodeURIComponent(p.slice(EXTENSION_ASSET_PATH.length)),
      );
    if (p === `${WPM_PATH}${SANDBOX_FILE}`)
      return send(v, "text/html; charset=utf-8", sandboxDocument());
    if (p === `${WPM_PATH}${PIXEL_FILE}`)
      return send(v, "text/javascript; charset=utf-8", await pixelBundle());
    if (p === "/cart.js" && method === "GET")
      return this.json(v, 200, cartJson(this.cartFor(v, true)!));
    if (
      (m = /^\/cart\/(add|change|clear)(\.js)?$/.exec(p)) &&
      (method === "POST" || (m[1] === "change" && !m[2]))
    ) {
      return this.cartAction(
        v,
        m[1] as "add" | "change" | "clear",
        Boolean(m[2]),
      );
    }
    if ((m = /^\/products\/([\w-]+)\.js$/.exec(p))) {
      const product = this.products(v).find((x) => x.handle === m![1]);
      return product
        ? this.json(v, 200, productJson(product))
        : this.json(v, 404, {
            status: 404,
            message: "Not Found",
            description: "Not Found",
          });
    }
    if (method === "POST" && p === "/contact")
      return redirect(v, `${v.root}/pages/contact?contact_posted=true`);
    if (method !== "GET" && method !== "HEAD")
      return this.json(v, 405, { errors: "Method Not Allowed" });
    return this.page(v);
  }

  private async page(v: Visit) {
    const products = this.products(v);
    const r = v.root;
    const currency = v.shop.currencyCode;
    this.applySwitches(v);
    const cart = this.cartFor(v, false);
    let m: RegExpExecArray | null;
    let product: StorefrontProduct | undefined;
    let view: {
      type: string;
      title: string;
      main: (appBlocks: string) => string;
      status?: number;
    };
    if (v.path === "/")
      view = {
        type: "index",
        title: "Home",
        main: (blocks) => theme.homePage(products, r, currency, blocks),
      };
    else if (/^\/collections\/[\w-]+$/.test(v.path))
      view = {
        type: "collection",
        title: "All products",
        main: () => theme.collectionPage(products, r, currency),
      };
    else if (
      (m = /^\/products\/([\w-]+)$/.exec(v.path)) &&
      (product = products.find((x) => x.handle === m![1]))
    ) {
      const found = product;
      view = {
        type: "product",
        title: found.title,
        main: () => theme.productPage(found, r, currency, this.addToCartFor(v)),
      };
    } else if (v.path === "/cart")
      view = {
        type: "cart",
        title: "Your cart",
        main: () => theme.cartPage(cart, r, currency),
      };
    else if (v.path === "/checkout" && cart?.lines.length)
      view = {
        type: "checkout",
        title: "Checkout",
        main: () => theme.checkoutPage(cart, r, currency),
      };
    else if (v.path === "/checkout") return redirect(v, `${r}/cart`);
    else if (v.path === "/blogs/news")
      view = { type: "blog", title: "News", main: () => theme.blogPage(r) };
    else if (
      (m = /^\/blogs\/news\/([\w-]+)$/.exec(v.path)) &&
      theme.ARTICLES.some((a) => a.handle === m![1])
    ) {
      const article = theme.ARTICLES.find((a) => a.handle === m![1])!;
      view = {
        type: "article",
        title: article.title,
        main: () => theme.articlePage(article, r),
      };
    } else if (v.path === "/pages/contact")
      view = {
        type: "page",
        title: "Contact",
        main: () => theme.contactPage(r, v.query.has("contact_posted")),
      };
    else if (v.path === "/search")
      view = {
        type: "search",
        title: "Search",
        main: () =>
          theme.collectionPage(
            products.filter((x) =>
              x.title
                .toLowerCase()
                .includes((v.query.get("q") ?? "").toLowerCase()),
            ),
            r,
            currency,
          ),
      };
    else if (v.path === "/account/logout")
      return redirect(v, `${r}/`, [
        `${this.options.customerCookie}=; Path=/; Max-Age=0; SameSite=Lax`,
      ]);
    else if (v.path === "/account/login" && v.query.has("customer_id"))
      return redirect(v, `${r}/account`);
    else if (v.path === "/account" || v.path === "/account/login") {
      const customer = this.customer(v);
      const demo = [
        ...this.options.admin
          .customers(v.shop.domain)
          .slice(0, 3)
          .map((c) => ({
            id: legacyId(c.id),
            name:
              `${c.firstName ?? ""} ${c.lastName ?? ""}`.trim() ||
              c.email ||
              c.id,
          })),
        { id: 1001, name: "a demo customer (1001)" },
      ];
      view = {
        type: customer ? "customers/account" : "customers/login",
        title: "Account",
        main: () => theme.accountPage(r, customer, demo),
      };
    } else
      view = {
        type: "404",
        title: "Page not found",
        main: () => theme.notFoundPage(r),
        status: 404,
      };

    const customer = this.customer(v);
    const consentRequired = v.cookies.get(CONSENT_REGION_COOKIE) === "required";
    const decision = parseDecision(v.cookies.get(CONSENT_DECISION_COOKIE));
    // Shopify sets the visitor token once the visitor may be measured.
    if (
      !v.cookies.get(VISITOR_COOKIE) &&
      analyticsAllowed(consentRequired, decision)
    ) {
      v.setCookies.push(
        `${VISITOR_COOKIE}=${randomUUID()}; Path=/; Max-Age=${YEAR}; SameSite=Lax`,
      );
    }
    const globals: StorefrontGlobals = {
      request: {
        page_type: view.type,
        path: `${r}${v.path}`,
        host: v.shop.domain,
        locale: { iso_code: v.locale },
      },
      cart: {
        total_price: cart ? cartTotal(cart) : 0,
        item_count: cart ? itemCount(cart) : 0,
        currency: { iso_code: currency },
      },
      customer,
      ...(product
        ? {
            product: {
              id: productId(product),
              handle: product.handle,
              title: product.title,
              price: cents(product.price),
            },
          }
        : {}),
      shop: { name: v.shop.name, permanent_domain: v.shop.domain, currency },
      appMetafield: (namespace, key) =>
        this.appMetafield(v.shop.domain, namespace, key),
    };
    // Shopify's checkout is not the theme's: no app embeds there.
    const withExtension =
      view.type !== "checkout" &&
      v.query.get("embeds") !== "0" &&
      (v.query.get("embeds") === "1" || v.cookies.get(EMBEDS_COOKIE) !== "0");
    const extension = withExtension ? ThemeExtension.load() : undefined;
    const render = async (target: "body" | "head" | "section") =>
      extension
        ? (
            await Promise.all(
              extension
                .blocksFor(target)
                // An app embed shows only where the merchant turned it on in the theme (themes.ts).
                .filter(
                  (b) =>
                    target === "section" ||
                    this.options.admin.appEmbed(v.shop.domain, b.handle) ===
                      "on",
                )
                .map((b) => extension.renderBlock(b.handle, globals)),
            )
          ).join("\n")
        : "";
    const appBlocks = view.type === "index" ? await render("section") : "";
    const stylesheets =
      extension && appBlocks
        ? extension
            .blocksFor("section")
            .flatMap((b) =>
              b.schema.stylesheet
                ? [extension.assetUrl(b.schema.stylesheet)]
                : [],
            )
        : [];
    const html = theme.layout({
      title: view.title,
      shopName: v.shop.name,
      root: r,
      locale: v.locale,
      currency,
      cartCount: cart ? itemCount(cart) : 0,
      customerName: customer?.first_name ?? null,
      stylesheets,
      globalsScript: [
        shopifyGlobalsScript({
          shop: v.shop.domain,
          locale: v.locale,
          currency,
          root: r,
          consentRequired,
          decision,
        }),
        this.webPixelsScript(v, view.type, { cart, customer, product }),
      ].join(";\n"),
      // Shopify puts "head" app embeds in the head; the extension has none, so they join the body's.
      bodyEmbeds: [await render("head"), await render("body")]
        .filter(Boolean)
        .join("\n"),
      main: view.main(appBlocks),
    });
    v.res.writeHead(view.status ?? 200, {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      ...cookieHeader(v.setCookies),
    });
    v.res.end(v.req.method === "HEAD" ? undefined : html);
  }

  /** ?consent=required|given, ?add_to_cart=form|ajax and ?customer_id=<id> (empty: log out) set their cookies for what follows. */
  private applySwitches(v: Visit) {
    const consent = v.query.get("consent");
    if (consent === "required" || consent === "given") {
      v.cookies.set(CONSENT_REGION_COOKIE, consent);
      v.cookies.delete(CONSENT_DECISION_COOKIE);
      v.setCookies.push(
        `${CONSENT_REGION_COOKIE}=${consent}; Path=/; Max-Age=${YEAR}; SameSite=Lax`,
        `${CONSENT_DECISION_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`,
      );
    }
    const addToCart = v.query.get("add_to_cart");
    if (addToCart === "form" || addToCart === "ajax") {
      v.cookies.set(ADD_TO_CART_COOKIE, addToCart);
      v.setCookies.push(
        `${ADD_TO_CART_COOKIE}=${addToCart}; Path=/; Max-Age=${YEAR}; SameSite=Lax`,
      );
    }
    const customer = v.query.get("customer_id");
    if (customer !== null && /^\d*$/.test(customer)) {
      v.cookies.set(this.options.customerCookie, customer);
      v.setCookies.push(
        `${this.options.customerCookie}=${customer}; Path=/; Max-Age=${customer ? YEAR : 0}; SameSite=Lax`,
      );
    }
  }

  /** The web pixels manager for this page with its standard events, or "" (no pixel, or off). */
  private webPixelsScript(
    v: Visit,
    type: string,
    page: {
      cart: Cart | undefined;
      customer: LiquidCustomer | null;
      product: StorefrontProduct | undefined;
    },
  ): string {
    const settings = this.options.admin.webPixelSettings(v.shop.domain);
    if (!this.webPixels || !settings) return "";
    const currency = v.shop.currencyCode;
    const { cart, customer, product } = page;
    const money = (amount: number) => ({
      amount: amount / 100,
      currencyCode: currency,
    });
    const cartData = cart?.lines.length
      ? {
          id: `gid://shopify/Cart/${cart.token}`,
          totalQuantity: itemCount(cart),
          cost: { totalAmount: money(cartTotal(cart)) },
          lines: cart.lines.map((l) => ({
            quantity: l.quantity,
            merchandise: variantData(l.product, money),
          })),
        }
      : null;
    const events: PixelEventInput[] = [{ name: "page_viewed", data: {} }];
    if (type === "product" && product)
      events.push({
        name: "product_viewed",
        data: { productVariant: variantData(product, money) },
      });
    else if (type === "collection")
      events.push({
        name: "collection_viewed",
        data: { collection: { id: "all", title: "All products" } },
      });
    else if (type === "search")
      events.push({
        name: "search_submitted",
        data: { searchResult: { query: v.query.get("q") ?? "" } },
      });
    else if (type === "cart" && cartData)
      events.push({ name: "cart_viewed", data: { cart: cartData } });
    else if (type === "checkout" && cart && cartData)
      events.push({
        name: "checkout_started",
        data: {
          checkout: {
            token: checkoutToken(cart),
            currencyCode: currency,
            totalPrice: money(cartTotal(cart)),
            lineItems: cartData.lines.map((l) => ({
              quantity: l.quantity,
              title: l.merchandise.product.title,
              variant: l.merchandise,
            })),
          },
        },
      });
    if (cart && this.formAdds.has(cart.token)) {
      events.push(...this.formAdds.get(cart.token)!);
      this.formAdds.delete(cart.token);
    }
    return managerScript({
      settings,
      currency,
      init: {
        data: {
          shop: {
            name: v.shop.name,
            myshopifyDomain: v.shop.domain,
            storefrontUrl: `https://${v.shop.domain}`,
            paymentSettings: { currencyCode: currency },
          },
          cart: cartData,
          customer: customer
            ? {
                id: String(customer.id),
                email: customer.email,
                firstName: customer.first_name,
                ordersCount: customer.orders_count,
              }
            : null,
        },
      },
      events,
    });
  }

  private addToCartFor(v: Visit): theme.AddToCart {
    const chosen = v.cookies.get(ADD_TO_CART_COOKIE);
    return chosen === "form" || chosen === "ajax" ? chosen : this.addToCart;
  }

  /** The logged-in customer (as the app proxy's logged_in_customer_id names it), or null. */
  private customer(v: Visit): LiquidCustomer | null {
    const id = String(
      v.req.headers[this.options.customerHeader] ??
        v.cookies.get(this.options.customerCookie) ??
        "",
    );
    if (!/^\d+$/.test(id)) return null;
    const known = this.options.admin
      .customers(v.shop.domain)
      .find((c) => legacyId(c.id) === Number(id));
    return known
      ? {
          id: Number(id),
          email: known.email,
          first_name: known.firstName,
          orders_count: 0,
        }
      : {
          id: Number(id),
          email: `customer${id}@example.com`,
          first_name: "Demo",
          orders_count: 0,
        };
  }

  /** Liquid's app.metafields.<namespace>.<key>: json values parsed, as Shopify's `.value`. */
  private appMetafield(shop: string, namespace: string, key: string) {
    const found = this.options.admin.appMetafield(shop, namespace, key);
    if (!found) return null;
    if (
      found.type === "json" ||
      found.type.startsWith("list.") ||
      found.type === "boolean" ||
      found.type.startsWith("number_")
    ) {
      try {
        return { type: found.type, value: JSON.parse(found.value) as unknown };
      } catch {
        return { type: found.type, value: found.value };
      }
    }
    return found;
  }

  private products(v: Visit) {
    return productsOf(v.shop);
  }

  /** The visitor's cart; with `create`, a new empty one (and its cookie) when there is none. */
  private cartFor(v: Visit, create: boolean): Cart | undefined {
    const existing = this.carts.get(v.shop.domain, v.cookies.get(CART_COOKIE));
    if (existing || !create) return existing;
    const cart = this.carts.create(v.shop.domain, v.shop.currencyCode);
    v.cookies.set(CART_COOKIE, cart.token);
    v.setCookies.push(
      `${CART_COOKIE}=${cart.token}; Path=/; Max-Age=${TWO_WEEKS}; SameSite=Lax`,
    );
    return cart;
  }

  private async cartAction(
    v: Visit,
    action: "add" | "change" | "clear",
    ajax: boolean,
  ) {
    const body = { ...Object.fromEntries(v.query), ...(await readBody(v.req)) };
    const cart = this.cartFor(v, true)!;
    const before = fingerprint(cart);
    try {
      let answer: unknown = undefined;
      if (action === "add") {
        const items = Array.isArray(body.items)
          ? (body.items as Record<string, unknown>[])
          : [body];
        const lines = items.map((item) => {
          const product = this.products(v).find(
            (x) => String(variantId(x)) === String(item.id ?? ""),
          );
          if (!product) throw new CartError(404, "Cannot find variant");
          const quantity =
            item.quantity === undefined || item.quantity === ""
              ? 1
              : Number(item.quantity);
          const inCart = cart.lines
            .filter((l) => l.product === product)
            .reduce((n, l) => n + l.quantity, 0);
          if (
            product.totalInventory !== undefined &&
            inCart + quantity > product.totalInventory
          ) {
            throw new CartError(
              422,
              `You can't add more ${product.title} to the cart.`,
            );
          }
          return this.carts.add(
            cart,
            product,
            quantity,
            stringRecord(item.properties),
          );
        });
        answer = Array.isArray(body.items)
          ? { items: lines.map(lineJson) }
          : lineJson(lines[0]!);
        // Shopify's storefront sees a form's add too: the pixel hears of it on the page after.
        if (!ajax)
          this.formAdds.set(cart.token, [
            ...(this.formAdds.get(cart.token) ?? []),
            ...items.map((item, i) => ({
              name: "product_added_to_cart",
              data: {
                cartLine: {
                  quantity: Number(item.quantity || 1),
                  merchandise: variantData(lines[i]!.product, (amount) => ({
                    amount: amount / 100,
                    currencyCode: cart.currency,
                  })),
                },
              },
            })),
          ]);
      } else if (action === "change") {
        const line =
          body.line === undefined || body.line === ""
            ? undefined
            : Number(body.line);
        this.carts.change(
          cart,
          { id: body.id === undefined ? undefined : String(body.id), line },
          Number(body.quantity ?? 1),
        );
      } else {
        this.carts.clear(cart);
      }
      if (fingerprint(cart) !== before) this.announce(cart);
      if (!ajax) return redirect(v, `${v.root}/cart`);
      return this.json(v, 200, answer ?? cartJson(cart));
    } catch (error) {
      if (!(error instanceof CartError)) throw error;
      return ajax
        ? this.json(v, error.status, cartErrorBody(error))
        : redirect(v, `${v.root}/cart`);
    }
  }

  // carts/create for a cart's first lines, carts/update after; one cart's deliveries go in order.
  private readonly queues = new Map<string, Promise<void>>();
  private announce(cart: Cart) {
    if (!this.cartWebhooks) return;
    const topic = cart.announced ? "carts/update" : "carts/create";
    cart.announced = true;
    const payload = cartWebhookPayload(cart);
    const send = (this.queues.get(cart.token) ?? Promise.resolve())
      .then(() =>
        this.options.deliverWebhook({
          path: "/webhooks/carts",
          topic,
          shopDomain: cart.shop,
          payload,
        }),
      )
      .then((delivery) => {
        this.deliveries.push(delivery);
      })
      .catch((error: unknown) =>
        console.error(`[shopify-double] ${topic} to the app failed:`, error),
      );
    this.queues.set(cart.token, send);
    this.inFlight.add(send);
    void send.finally(() => this.inFlight.delete(send));
  }

  private productImage(v: Visit, handle: string) {
    const product = this.products(v).find((x) => x.handle === handle);
    if (!product?.imageSvg) return this.json(v, 404, { errors: "Not Found" });
    v.res.writeHead(200, {
      "Content-Type": "image/svg+xml",
      "Cache-Control": "public, max-age=3600",
    });
    v.res.end(product.imageSvg);
  }

  private json(v: Visit, status: number, body: unknown) {
    v.res.writeHead(status, {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      ...cookieHeader(v.setCookies),
    });
    v.res.end(JSON.stringify(body));
  }
}

const STOREFRONT_PATHS =
  /^\/($|cart(\.js|\/.*)?$|checkout$|wpm\/|collections\/|products\/|blogs\/|pages\/|account(\/|$)|search$|contact$|cdn\/(products|extensions)\/)/;
const isStorefrontPath = (p: string) => STOREFRONT_PATHS.test(p);

/** GET /products/<handle>.js */
function productJson(p: StorefrontProduct) {
  const price = cents(p.price);
  const available = (p.totalInventory ?? 10) > 0;
  const variant = {
    id: variantId(p),
    title: "Default Title",
    option1: "Default Title",
    option2: null,
    option3: null,
    sku: "",
    requires_shipping: true,
    taxable: true,
    featured_image: null,
    available,
    name: p.title,
    public_title: null,
    options: ["Default Title"],
    price,
    weight: 0,
    compare_at_price: null,
    inventory_management: "shopify",
    barcode: null,
  };
  return {
    id: productId(p),
    title: p.title,
    handle: p.handle,
    description: p.description,
    vendor: p.vendor ?? "",
    type: "",
    tags: p.tags ?? [],
    price,
    price_min: price,
    price_max: price,
    available,
    price_varies: false,
    compare_at_price: null,
    compare_at_price_min: 0,
    compare_at_price_max: 0,
    compare_at_price_varies: false,
    variants: [variant],
    images: [p.imageUrl],
    featured_image: p.imageUrl,
    options: [{ name: "Title", position: 1, values: ["Default Title"] }],
    url: `/products/${p.handle}`,
    media: [],
  };
}

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".wasm": "application/wasm",
};

// The extension's assets as Shopify's CDN serves them: a versioned URL (asset_url's ?v=) is
// cached for good; without a version, the browser asks again each time.
function serveAsset(v: Visit, file: string) {
  const extension = ThemeExtension.load();
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (!type || file !== path.basename(file)) return notFound(v);
  let content: Buffer;
  try {
    content = readFileSync(path.join(extension.dir, "assets", file));
  } catch {
    return notFound(v);
  }
  v.res.writeHead(200, {
    "Content-Type": type,
    "Cache-Control": v.query.has("v")
      ? "public, max-age=31536000, immutable"
      : "no-cache",
    "Access-Control-Allow-Origin": "*",
  });
  v.res.end(v.req.method === "HEAD" ? undefined : content);
}

function send(v: Visit, type: string, body: string) {
  v.res.writeHead(200, { "Content-Type": type, "Cache-Control": "no-cache" });
  v.res.end(v.req.method === "HEAD" ? undefined : body);
}

/** A variant as Shopify's pixel events carry it (`productVariant`, `cartLine.merchandise`). */
function variantData(
  p: StorefrontProduct,
  money: (cents: number) => { amount: number; currencyCode: string },
) {
  return {
    id: String(variantId(p)),
    title: "Default Title",
    price: money(cents(p.price)),
    product: {
      id: String(productId(p)),
      title: p.title,
      vendor: p.vendor ?? "",
      url: `/products/${p.handle}`,
    },
  };
}

/** The stand-in checkout's token: one per cart, as a cart keeps its checkout. */
export const checkoutToken = (cart: Cart) => `co-${cart.token}`;

function notFound(v: Visit) {
  v.res.writeHead(404, { "Content-Type": "text/plain" });
  v.res.end("Not Found");
}

function redirect(v: Visit, location: string, cookies: string[] = []) {
  v.res.writeHead(302, {
    Location: location,
    ...cookieHeader([...v.setCookies, ...cookies]),
  });
  v.res.end();
}

const cookieHeader = (cookies: string[]): Record<string, string[]> =>
  cookies.length ? { "Set-Cookie": cookies } : {};

const fingerprint = (cart: Cart) =>
  JSON.stringify(cart.lines.map((l) => [l.key, l.quantity]));

const stringRecord = (value: unknown): Record<string, string> =>
  value && typeof value === "object" && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).map(([k, x]) => [k, String(x)]))
    : {};

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (!key) continue;
    try {
      cookies.set(key, decodeURIComponent(value.join("=")));
    } catch {
      cookies.set(key, value.join("="));
    }
  }
  return cookies;
}

/**
 * A JSON, urlencoded or multipart body (themes post FormData). Form fields `items[0][id]` or
 * `items[][id]` become `items`, `properties[Name]` become `properties`, as Shopify reads them.
 */
async function readBody(
  req: IncomingMessage,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers["content-type"] ?? "";
  if (!raw.length) return {};
  if (type.includes("application/json")) {
    try {
      const value = JSON.parse(raw.toString("utf8")) as unknown;
      return value && typeof value === "object" && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : {};
    } catch {
      return {};
    }
  }
  const form = await new Response(raw, {
    headers: { "content-type": type || "application/x-www-form-urlencoded" },
  })
    .formData()
    .catch(() => undefined);
  const out: Record<string, unknown> = {};
  const items: Record<string, unknown>[] = [];
  for (const [key, value] of form ?? []) {
    if (typeof value !== "string") continue;
    let m: RegExpExecArray | null;
    if ((m = /^items\[(\d*)\]\[(\w+)\]$/.exec(key))) {
      const index = m[1]
        ? Number(m[1])
        : m[2]! in (items.at(-1) ?? { [m[2]!]: 1 })
          ? items.length
          : items.length - 1;
      (items[index] ??= {})[m[2]!] = value;
    } else if ((m = /^properties\[(.+)\]$/.exec(key))) {
      ((out.properties ??= {}) as Record<string, string>)[m[1]!] = value;
    } else out[key] = value;
  }
  if (items.length) out.items = items.filter(Boolean);
  return out;
}
