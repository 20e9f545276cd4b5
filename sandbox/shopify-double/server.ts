// The Shopify double: one local HTTP server standing in for Shopify's remote services (Admin
// GraphQL, OAuth and token exchange, the admin link that opens the app, the storefront's app
// proxy, App Bridge), plus helpers that act as Shopify towards the app (signed webhooks, app-proxy
// URLs, session tokens). Binds to 127.0.0.1 only.
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { ApiVersion } from "@shopify/shopify-api";
import { AdminApi, type DoubleShop } from "./admin-api";
import { registerWebPixels } from "./web-pixels";
import { registerCustomers } from "./customers";
import { registerDiscounts } from "./discounts";
import { registerMetafields } from "./metafields";
import { registerProducts } from "./products";
import { registerArticles } from "./articles";
import { registerNodes } from "./nodes";
import { registerThemes } from "./themes";
import { registerOrders } from "./orders";
import {
  BULK_STORAGE_PREFIX,
  bulkResultFile,
  registerBulkOperations,
} from "./bulk-operations";
import { appBridgeShim } from "./app-bridge-shim";
import {
  APP_PROXY_PREFIX,
  appProxyUrl,
  type AppProxyRequest,
} from "./app-proxy";
import { OAuthDouble } from "./oauth";
import {
  cancelledOrderBody,
  refundBody,
  type CancelReason,
  type OrderBody,
  type RefundOptions,
} from "./refunds";
import { mintSessionToken } from "./session-token";
import { Storefront } from "./storefront/storefront";
import {
  deliverDuplicate,
  deliverForged,
  deliverRetry,
  deliverWebhook,
  type WebhookDelivery,
  type WebhookInput,
} from "./webhooks";
import { Fulfillments } from "./fulfillments";

/** Names the shop of a request to the double when its Host cannot (set by routeShopifyTo). */
export const SHOP_HEADER = "x-shopify-double-shop";
/** Storefront requests: the logged-in customer, as a header or a cookie on the double's origin. */
export const CUSTOMER_HEADER = "x-shopify-double-customer-id";
export const CUSTOMER_COOKIE = "shopify_double_customer_id";

const INVALID_TOKEN =
  "[API] Invalid API key or access token (unrecognized login or wrong password)";

/** The newest dated Admin API version the installed @shopify/shopify-api knows. */
export const LATEST_API_VERSION = Object.values(ApiVersion)
  .filter((v) => /^\d{4}-\d{2}$/.test(v))
  .sort()
  .at(-1)!;

export interface DoubleOptions {
  /** 0 or absent: a free port. */
  port?: number;
  apiKey: string;
  apiSecret: string;
  /** Where the app listens: webhooks, the app proxy and the admin link go there. */
  appUrl: string;
  scopes: string[];
  /** Sent as X-Shopify-API-Version on webhooks (default: LATEST_API_VERSION). */
  apiVersion?: string;
  shops: DoubleShop[];
  /**
   * Refuse non-expiring offline access tokens, as Shopify does for public apps from 2027-01-01
   * (the app must then request expiring tokens and refresh them).
   */
  requireExpiringOfflineTokens?: boolean;
  /** The demo storefront (storefront/): carts/create and carts/update on cart changes (default on). */
  storefront?: { cartWebhooks?: boolean; addToCart?: "ajax" | "form" };
}

export type DoubleWebhookInput = Omit<
  WebhookInput,
  "secret" | "apiVersion" | "url"
> & {
  /** The app's path, e.g. "/webhooks/orders". */
  path: string;
  secret?: string;
  apiVersion?: string;
};

export interface ShopifyDouble {
  url: string;
  port: number;
  admin: AdminApi;
  oauth: OAuthDouble;
  /** An offline access token the Admin API accepts for the shop (as after install). */
  issueAccessToken(shop: string): string;
  mintSessionToken(
    shop: string,
    options?: {
      userId?: string;
      apiSecret?: string;
      expiresInSeconds?: number;
      now?: Date;
    },
  ): string;
  /** Where a merchant opens the app: like Shopify's admin, it loads the app with a session token. */
  adminUrl(shop: string): string;
  /** The demo storefront's home page, on the double's origin (storefront/storefront.ts). */
  storefrontUrl: string;
  storefront: Storefront;
  /** The shop's storefront URL for an app-proxy path, on the double (e.g. "/sw.js"). */
  storefrontProxyUrl(path: string): string;
  deliverWebhook(input: DoubleWebhookInput): Promise<WebhookDelivery>;
  /** The same event again with a new webhook id. */
  deliverDuplicate(first: WebhookDelivery): Promise<WebhookDelivery>;
  /** Shopify's retry after a failure: same event id, same webhook id, same body. */
  deliverRetry(first: WebhookDelivery): Promise<WebhookDelivery>;
  /** Signed with a wrong secret. */
  deliverForged(input: DoubleWebhookInput): Promise<WebhookDelivery>;
  /**
   * A refund of an order (its body as orders/create sent it), partial or whole: Shopify's signed
   * refunds/create to the app's /webhooks/refunds. `refund` is the body sent.
   */
  refundOrder(
    shop: string,
    order: OrderBody,
    options?: RefundOptions,
  ): Promise<WebhookDelivery & { refund: ReturnType<typeof refundBody> }>;
  /**
   * The merchant cancels an order: with `refund` (Shopify's default for a paid order), first a
   * refunds/create of everything, then orders/cancelled to /webhooks/orders.
   */
  cancelOrder(
    shop: string,
    order: OrderBody,
    options?: { reason?: CancelReason; refund?: boolean; at?: Date },
  ): Promise<{ refund: WebhookDelivery | null; cancelled: WebhookDelivery }>;
  /** Shipping an order and its carrier's statuses: signed fulfillments/create and /update (fulfillments.ts). */
  fulfillments: Fulfillments;
  /** The URL the app receives for an app-proxy request, signed. */
  appProxyUrl(path: string, request: Omit<AppProxyRequest, "secret">): string;
  close(): Promise<void>;
}

export async function startShopifyDouble(
  options: DoubleOptions,
): Promise<ShopifyDouble> {
  const shops = new Map(options.shops.map((s) => [s.domain, s]));
  const admin = new AdminApi(options.shops);
  registerWebPixels(admin);
  registerCustomers(admin);
  registerDiscounts(admin);
  registerMetafields(admin);
  registerProducts(admin);
  registerArticles(admin);
  registerNodes(admin);
  registerThemes(admin);
  registerOrders(admin);
  registerBulkOperations(admin);
  const oauth = new OAuthDouble(options);
  const apiVersion = options.apiVersion ?? LATEST_API_VERSION;
  let url = "";
  const storefront = new Storefront({
    shops: options.shops,
    admin,
    shopFor: (req) =>
      shops.has(shopOf(req)) ? shopOf(req) : options.shops[0]!.domain,
    customerCookie: CUSTOMER_COOKIE,
    customerHeader: CUSTOMER_HEADER,
    deliverWebhook: (input) => deliverWebhook(webhook(input)),
    cartWebhooks: options.storefront?.cartWebhooks,
    addToCart: options.storefront?.addToCart,
  });

  const mint = (
    shop: string,
    o: {
      userId?: string;
      apiSecret?: string;
      expiresInSeconds?: number;
      now?: Date;
    } = {},
  ) =>
    mintSessionToken({
      apiKey: options.apiKey,
      apiSecret: o.apiSecret ?? options.apiSecret,
      shop,
      userId: o.userId,
      expiresInSeconds: o.expiresInSeconds,
      now: o.now,
    });

  const routes: Route[] = [
    [
      "POST",
      /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/,
      async (req, res, match) => {
        const shop = shopOf(req);
        const token = String(req.headers["x-shopify-access-token"] ?? "");
        const grant = oauth.grantFor(token, shop);
        if (
          !grant ||
          (options.requireExpiringOfflineTokens &&
            oauth.isNonExpiringOffline(token))
        ) {
          return send(res, 401, { errors: INVALID_TOKEN });
        }
        const body = await readBody(req);
        if (!body) return send(res, 400, { errors: "Malformed JSON body" });
        const result = await admin.run(
          shop,
          match[1],
          body,
          grant.scope.split(","),
        );
        send(res, result.status, result.body, {
          "X-Shopify-API-Version": match[1],
        });
      },
    ],
    [
      "GET",
      /^\/admin\/oauth\/authorize$/,
      async (req, res) => {
        const query = new URL(req.url ?? "/", "http://double").searchParams;
        const shop = shops.has(shopOf(req))
          ? shopOf(req)
          : (query.get("shop") ?? "");
        if (!shops.has(shop)) return send(res, 404, { errors: "Not Found" });
        const answer = oauth.authorize(shop, query);
        if (answer.location) return redirect(res, answer.location);
        send(res, answer.status, answer.body);
      },
    ],
    [
      "POST",
      /^\/admin\/oauth\/access_token$/,
      async (req, res) => {
        const body = (await readBody(req)) ?? {};
        const answer = oauth.accessToken(shopOf(req), body);
        send(res, answer.status, answer.body);
      },
    ],
    [
      "GET",
      /^\/admin\/apps\/[\w-]+$/,
      async (req, res) => {
        const shop =
          new URL(req.url ?? "/", url).searchParams.get("shop") ??
          options.shops[0]?.domain ??
          "";
        if (!shops.has(shop)) return send(res, 404, { errors: "Unknown shop" });
        const host = Buffer.from(`${shop}/admin`).toString("base64url");
        // Shopify adds the merchant's admin language; the link may carry one to try the app in it.
        const locale =
          new URL(req.url ?? "/", url).searchParams.get("locale") ?? "en";
        const src = `${options.appUrl}/app?embedded=1&shop=${encodeURIComponent(shop)}&host=${host}&locale=${encodeURIComponent(locale)}&id_token=${mint(shop)}`;
        // Shopify's admin would frame this URL, but the app's CSP (frame-ancestors) lets only
        // Shopify's admin origins frame it, so a plain browser opens it at the top level instead.
        redirect(res, src);
      },
    ],
    [
      // A bulk operation's JSONL, at the path of Shopify's storage URL (routeShopifyTo sends it here).
      "GET",
      new RegExp(`^${BULK_STORAGE_PREFIX}[\\w-]+\\.jsonl$`),
      async (_req, res, match) => {
        const file = bulkResultFile(match[0]);
        if (!file) return send(res, 404, { errors: "Not Found" });
        res.writeHead(200, {
          "Content-Type": "application/jsonl",
          "Content-Length": String(file.length),
        });
        res.end(file);
      },
    ],
    [
      "GET",
      /^\/app-bridge\.js$/,
      async (_req, res) => {
        res.writeHead(200, {
          "Content-Type": "text/javascript; charset=utf-8",
          "Access-Control-Allow-Origin": "*",
        });
        res.end(appBridgeShim(url));
      },
    ],
    [
      "GET",
      /^\/session-token$/,
      async (req, res) => {
        const shop =
          new URL(req.url ?? "/", url).searchParams.get("shop") ?? "";
        if (!shops.has(shop))
          return send(
            res,
            404,
            { errors: "Unknown shop" },
            { "Access-Control-Allow-Origin": "*" },
          );
        send(
          res,
          200,
          { token: mint(shop) },
          { "Access-Control-Allow-Origin": "*" },
        );
      },
    ],
    [
      "*",
      new RegExp(`^${APP_PROXY_PREFIX}(/.*)?$`),
      async (req, res, match) => {
        // The storefront host: a known shop's Host or SHOP_HEADER, else the first shop (a browser
        // on 127.0.0.1 cannot send a shop's Host).
        const shop = shops.has(shopOf(req))
          ? shopOf(req)
          : options.shops[0]!.domain;
        await forwardAppProxy(req, res, shop, match[1] ?? "");
      },
    ],
  ];

  // Shopify forwards https://<shop>/apps/trigger-map/<path> to <appUrl>/proxy/<path> with signed
  // parameters; it drops cookies both ways. (A response of Content-Type application/liquid would be
  // rendered in the theme by Shopify; the double passes it through as it is.)
  async function forwardAppProxy(
    req: IncomingMessage,
    res: ServerResponse,
    shop: string,
    path: string,
  ) {
    const incoming = new URL(req.url ?? "/", "http://double");
    const customer = String(
      req.headers[CUSTOMER_HEADER] ?? cookie(req, CUSTOMER_COOKIE) ?? "",
    );
    const target = appProxyUrl(options.appUrl, path, {
      shop,
      secret: options.apiSecret,
      loggedInCustomerId: customer,
      query: incoming.searchParams,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || DROPPED_REQUEST_HEADERS.has(name)) continue;
      for (const one of Array.isArray(value) ? value : [value])
        headers.append(name, one);
    }
    headers.set("x-forwarded-host", shop);
    headers.set("x-forwarded-proto", "https");
    headers.set("x-forwarded-for", req.socket.remoteAddress ?? "127.0.0.1");
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const response = await fetch(target, {
      method: req.method,
      headers,
      body: hasBody ? Buffer.concat(await chunks(req)) : undefined,
      redirect: "manual",
    });
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!DROPPED_RESPONSE_HEADERS.has(name)) out[name] = value;
    });
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, out);
    res.end(body);
  }

  const server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? "/", "http://double").pathname;
      if (process.env.SHOPIFY_DOUBLE_DEBUG)
        res.on("finish", () =>
          console.error(
            `[shopify-double] ${req.method} ${path} -> ${res.statusCode}`,
          ),
        );
      for (const [method, pattern, handle] of routes) {
        const match = pattern.exec(path);
        if (match && (method === "*" || method === req.method))
          return await handle(req, res, match);
      }
      // After the routes above, so the app proxy keeps /apps/trigger-map.
      if (await storefront.handle(req, res)) return;
      send(res, 404, { errors: "Not Found" });
    } catch (error) {
      console.error("[shopify-double]", error);
      if (!res.headersSent)
        send(res, 500, { errors: "Internal error in the Shopify double" });
    }
  });
  // A bulk operation's file may be read slowly (the app applies it as it reads): no time limit on a
  // connection's request (Node's defaults would close it mid-download).
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) =>
      reject(
        new Error(
          `Shopify double cannot listen on 127.0.0.1:${options.port}: ${error.message}`,
        ),
      ),
    );
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const port = (server.address() as { port: number }).port;
  url = `http://127.0.0.1:${port}`;

  const webhook = ({
    path,
    secret,
    apiVersion: version,
    ...input
  }: DoubleWebhookInput): WebhookInput => ({
    ...input,
    url: `${options.appUrl}${path}`,
    secret: secret ?? options.apiSecret,
    apiVersion: version ?? apiVersion,
  });

  const refundOrder: ShopifyDouble["refundOrder"] = async (
    shop,
    order,
    options = {},
  ) => {
    const refund = refundBody(order, options);
    const delivery = await deliverWebhook(
      webhook({
        path: "/webhooks/refunds",
        topic: "refunds/create",
        shopDomain: shop,
        payload: refund,
        triggeredAt: options.at,
      }),
    );
    return { ...delivery, refund };
  };

  return {
    url,
    port,
    admin,
    oauth,
    issueAccessToken: (shop) => oauth.issueAccessToken(shop),
    mintSessionToken: mint,
    adminUrl: (shop) =>
      `${url}/admin/apps/${options.apiKey}?shop=${encodeURIComponent(shop)}`,
    storefrontUrl: `${url}/`,
    storefront,
    storefrontProxyUrl: (path) => `${url}${APP_PROXY_PREFIX}${path}`,
    deliverWebhook: (input) => deliverWebhook(webhook(input)),
    deliverDuplicate,
    deliverRetry,
    deliverForged: (input) => deliverForged(webhook(input)),
    refundOrder,
    cancelOrder: async (shop, order, { reason, refund = true, at } = {}) => {
      const refunded = refund
        ? await refundOrder(shop, order, { everything: true, at })
        : null;
      const cancelled = await deliverWebhook(
        webhook({
          path: "/webhooks/orders",
          topic: "orders/cancelled",
          shopDomain: shop,
          payload: cancelledOrderBody(order, { at, reason, refunded: refund }),
        }),
      );
      return { refund: refunded, cancelled };
    },
    fulfillments: new Fulfillments((input) => deliverWebhook(webhook(input))),
    appProxyUrl: (path, request) =>
      appProxyUrl(options.appUrl, path, {
        ...request,
        secret: options.apiSecret,
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Route = [
  string,
  RegExp,
  (
    req: IncomingMessage,
    res: ServerResponse,
    match: RegExpExecArray,
  ) => Promise<void>,
];

// Not passed on by the proxy: cookies (Shopify strips them), and what belongs to one connection.
const DROPPED_REQUEST_HEADERS = new Set([
  "cookie",
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "keep-alive",
  "upgrade",
  SHOP_HEADER,
  CUSTOMER_HEADER,
]);
// fetch has already decoded the body, so its encoding and length headers no longer apply.
const DROPPED_RESPONSE_HEADERS = new Set([
  "set-cookie",
  "connection",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "keep-alive",
]);

/** The shop a request is for: set by routeShopifyTo, else the Host the app addressed. */
function shopOf(req: IncomingMessage): string {
  return String(req.headers[SHOP_HEADER] ?? req.headers.host ?? "")
    .split(":")[0]!
    .toLowerCase();
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

async function chunks(req: IncomingMessage): Promise<Buffer[]> {
  const all: Buffer[] = [];
  for await (const chunk of req) all.push(chunk as Buffer);
  return all;
}

/** A JSON or form body (Shopify's OAuth endpoint takes both); application/graphql is the query. */
async function readBody(
  req: IncomingMessage,
): Promise<Record<string, unknown> | null> {
  const text = Buffer.concat(await chunks(req)).toString("utf8");
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(text));
  if (type.includes("application/graphql")) return { query: text };
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(302, { Location: location });
  res.end();
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
