// Shared by the double's own tests: two shops, Shopify's library configured as the app, and a
// stand-in app server that records what reaches it.
import "@shopify/shopify-api/adapters/node";
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import type { DoubleShop } from "./admin-api";

export const API_KEY = "test-key";
export const API_SECRET = "test-secret";
export const SCOPES = ["read_orders", "write_customers"];
export const SHOP: DoubleShop = {
  domain: "double-test.myshopify.com",
  name: "Double Test",
  email: "o@example.com",
  currencyCode: "EUR",
  ianaTimezone: "Europe/Berlin",
};
export const OTHER_SHOP: DoubleShop = {
  domain: "other-test.myshopify.com",
  name: "Other",
  email: "x@example.com",
  currencyCode: "USD",
  ianaTimezone: "UTC",
};

/** Shopify's own library, set up as the app would be. */
export const shopifyLibrary = (appUrl = "http://127.0.0.1:9") =>
  shopifyApi({
    apiKey: API_KEY,
    apiSecretKey: API_SECRET,
    apiVersion: ApiVersion.October26,
    hostName: new URL(appUrl).host,
    hostScheme: "http",
    isEmbeddedApp: true,
    scopes: SCOPES,
    logger: { level: 0 },
  });

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  request: IncomingMessage;
}

/** An HTTP server on 127.0.0.1 that records requests and answers with `answer`. */
export async function recordingApp(
  answer: (req: Received, res: ServerResponse) => void = (_req, res) =>
    res.end("ok"),
) {
  const received: Received[] = [];
  const server = createServer((request, res) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const entry = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body,
        request,
      };
      received.push(entry);
      answer(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
