// The Shopify double: one local HTTP server standing in for Shopify's remote services (Admin
// GraphQL, token exchange, the admin link that opens the app, App Bridge), plus helpers that act
// as Shopify towards the app (signed webhooks, app-proxy URLs, session tokens). 127.0.0.1 only.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import { AdminApi, type DoubleShop } from "./admin-api";
import { appBridgeShim } from "./app-bridge-shim";
import { mintSessionToken, verifySessionToken } from "./session-token";
import { deliverWebhook, type WebhookInput } from "./webhooks";
import { appProxyUrl, type AppProxyRequest } from "./app-proxy";

export const SHOP_HEADER = "x-shopify-double-shop";

export interface DoubleOptions {
  port?: number;
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
  apiVersion: string;
  shops: DoubleShop[];
}

export interface ShopifyDouble {
  url: string;
  port: number;
  admin: AdminApi;
  /** An offline access token the Admin API accepts for the shop (as after install). */
  issueAccessToken(shop: string): string;
  mintSessionToken(shop: string, options?: { userId?: string; apiSecret?: string }): string;
  /** Where a merchant opens the app: like Shopify's admin, it loads the app with a session token. */
  adminUrl(shop: string): string;
  deliverWebhook(input: Omit<WebhookInput, "secret" | "apiVersion" | "url"> & { path: string; secret?: string }): ReturnType<typeof deliverWebhook>;
  appProxyUrl(path: string, request: Omit<AppProxyRequest, "secret">): string;
  close(): Promise<void>;
}

export async function startShopifyDouble(options: DoubleOptions): Promise<ShopifyDouble> {
  const shops = new Map(options.shops.map((s) => [s.domain, s]));
  const admin = new AdminApi(shops);
  const tokens = new Map<string, { shop: string; scope: string }>();
  let url = "";

  const issueAccessToken = (shop: string) => {
    const token = `shpat_${randomBytes(16).toString("hex")}`;
    tokens.set(token, { shop, scope: options.scopes.join(",") });
    return token;
  };
  const mint = (shop: string, o: { userId?: string; apiSecret?: string } = {}) =>
    mintSessionToken({ apiKey: options.apiKey, apiSecret: o.apiSecret ?? options.apiSecret, shop, userId: o.userId });

  const routes: Route[] = [
    ["POST", /^\/admin\/api\/[\w-]+\/graphql\.json$/, async (req, res) => {
      const shop = shopOf(req);
      const token = tokens.get(String(req.headers["x-shopify-access-token"] ?? ""));
      if (!token || token.shop !== shop) {
        return send(res, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
      }
      const body = await readJson(req);
      if (!body) return send(res, 400, { errors: "Malformed JSON body" });
      const result = await admin.run(shop, body);
      send(res, result.status, result.body);
    }],
    ["POST", /^\/admin\/oauth\/access_token$/, async (req, res) => {
      const body = (await readJson(req)) ?? {};
      if (body.client_id !== options.apiKey || body.client_secret !== options.apiSecret) {
        return send(res, 400, { error: "invalid_client", error_description: "Client credentials are invalid" });
      }
      const claims = typeof body.subject_token === "string" ? verifySessionToken(body.subject_token, options.apiSecret) : null;
      if (body.grant_type !== "urn:ietf:params:oauth:grant-type:token-exchange" || !claims || claims.dest !== `https://${shopOf(req)}`) {
        return send(res, 400, { error: "invalid_subject_token", error_description: "Session token is invalid" });
      }
      const access_token = issueAccessToken(shopOf(req));
      const scope = options.scopes.join(",");
      if (String(body.requested_token_type).endsWith(":online-access-token")) {
        return send(res, 200, {
          access_token, scope, expires_in: 86399, associated_user_scope: scope,
          associated_user: { id: Number(claims.sub), first_name: "Demo", last_name: "Merchant", email: "merchant@example.com",
            email_verified: true, account_owner: true, locale: "en", collaborator: false },
        });
      }
      send(res, 200, { access_token, scope });
    }],
    ["GET", /^\/admin\/apps\/[\w-]+$/, async (req, res) => {
      const shop = new URL(req.url ?? "/", url).searchParams.get("shop") ?? options.shops[0]?.domain ?? "";
      if (!shops.has(shop)) return send(res, 404, { errors: "Unknown shop" });
      const host = Buffer.from(`${shop}/admin`).toString("base64url");
      const src = `${options.appUrl}/app?embedded=1&shop=${encodeURIComponent(shop)}&host=${host}&id_token=${mint(shop)}`;
      // The app's CSP lets only Shopify's admin frame it, so the sandbox opens it at the top level.
      res.writeHead(302, { Location: src });
      res.end();
    }],
    ["GET", /^\/app-bridge\.js$/, async (_req, res) => {
      res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", "Access-Control-Allow-Origin": "*" });
      res.end(appBridgeShim(url));
    }],
    ["GET", /^\/session-token$/, async (req, res) => {
      const shop = new URL(req.url ?? "/", url).searchParams.get("shop") ?? "";
      if (!shops.has(shop)) return send(res, 404, { errors: "Unknown shop" }, { "Access-Control-Allow-Origin": "*" });
      send(res, 200, { token: mint(shop) }, { "Access-Control-Allow-Origin": "*" });
    }],
  ];

  const server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? "/", "http://double").pathname;
      const route = routes.find(([method, pattern]) => method === req.method && pattern.test(path));
      if (process.env.SHOPIFY_DOUBLE_DEBUG) res.on("finish", () => console.error(`[shopify-double] ${req.method} ${path} -> ${res.statusCode}`));
      if (!route) return send(res, 404, { errors: "Not Found" });
      await route[2](req, res);
    } catch (error) {
      console.error("[shopify-double]", error);
      if (!res.headersSent) send(res, 500, { errors: "Internal error in the Shopify double" });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(new Error(`Shopify double cannot listen on 127.0.0.1:${options.port}: ${error.message}`)));
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const port = (server.address() as { port: number }).port;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    admin,
    issueAccessToken,
    mintSessionToken: mint,
    adminUrl: (shop) => `${url}/admin/apps/${options.apiKey}?shop=${encodeURIComponent(shop)}`,
    deliverWebhook: ({ path, secret, ...input }) =>
      deliverWebhook({ ...input, url: `${options.appUrl}${path}`, secret: secret ?? options.apiSecret, apiVersion: options.apiVersion }),
    appProxyUrl: (path, request) => appProxyUrl(options.appUrl, path, { ...request, secret: options.apiSecret }),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

type Route = [string, RegExp, (req: IncomingMessage, res: ServerResponse) => Promise<void>];

/** The shop a request is for: set by routeShopifyTo, else the Host the app addressed. */
function shopOf(req: IncomingMessage): string {
  return String(req.headers[SHOP_HEADER] ?? req.headers.host ?? "").split(":")[0];
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if ((req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
