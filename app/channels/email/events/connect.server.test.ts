// "Connect automatically" against local fakes of Postmark's, SendGrid's and Mailgun's webhook APIs,
// each holding the app to the documented request (method, path, authentication, body) and answering
// as the provider does: created, already there (updated, not doubled), or refused.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  connectMailgun,
  connectPostmark,
  connectSendGrid,
  type ConnectError,
} from "./connect.server";

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}
/** `raw`: the body as sent, not JSON. */
type Answer = { status: number; body: unknown; raw?: string };

let server: Server;
let base: string;
let seen: Seen[] = [];
/** The fake provider: answers each request by method and path. */
let route: (request: Seen) => Answer = () => ({ status: 404, body: {} });

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = {
        method: req.method!,
        path: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      seen.push(request);
      const answer = route(request);
      res
        .writeHead(answer.status, { "Content-Type": "application/json" })
        .end(answer.raw ?? JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

const calls = () => seen.map((s) => `${s.method} ${s.path}`);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: ConnectError) => error.failure,
  );

describe("Postmark", () => {
  const eventsUrl =
    "https://trigger-map:p%2Fw%3D@app.example/webhooks/email/postmark/shop1/tok";
  const plainUrl = "https://app.example/webhooks/email/postmark/shop1/tok";
  const settings = () => ({
    serverToken: "pm-token",
    broadcastStream: "broadcast",
    baseUrl: base,
  });
  const triggers = {
    Delivery: { Enabled: true },
    Bounce: { Enabled: true, IncludeContent: false },
    SpamComplaint: { Enabled: true, IncludeContent: false },
  };

  it("creates the webhook on the broadcast stream, its credentials as HttpAuth rather than in the URL", async () => {
    route = (r) =>
      r.method === "GET"
        ? { status: 200, body: { Webhooks: [] } }
        : { status: 200, body: { ID: 7 } };
    expect(await connectPostmark(settings(), eventsUrl)).toEqual({});
    expect(calls()).toEqual([
      "GET /webhooks?MessageStream=broadcast",
      "POST /webhooks",
    ]);
    for (const request of seen)
      expect(request.headers["x-postmark-server-token"]).toBe("pm-token");
    expect(JSON.parse(seen[1]!.body)).toEqual({
      Url: plainUrl,
      MessageStream: "broadcast",
      HttpAuth: { Username: "trigger-map", Password: "p/w=" },
      Triggers: triggers,
    });
  });

  it("updates the webhook already posting to the same URL on that stream instead of adding a second", async () => {
    route = (r) =>
      r.method === "GET"
        ? {
            status: 200,
            body: {
              Webhooks: [
                {
                  ID: 3,
                  Url: "https://other.example/hook",
                  MessageStream: "broadcast",
                },
                { ID: 9, Url: plainUrl, MessageStream: "broadcast" },
              ],
            },
          }
        : { status: 200, body: { ID: 9 } };
    await connectPostmark(settings(), eventsUrl);
    expect(calls()).toEqual([
      "GET /webhooks?MessageStream=broadcast",
      "PUT /webhooks/9",
    ]);
    expect(JSON.parse(seen[1]!.body)).toEqual({
      Url: plainUrl,
      HttpAuth: { Username: "trigger-map", Password: "p/w=" },
      Triggers: triggers,
    });
  });

  it("takes an answer that is not JSON as a refusal", async () => {
    route = () => ({ status: 200, body: "", raw: "<html>maintenance</html>" });
    expect(await failure(connectPostmark(settings(), eventsUrl))).toBe(
      "refused",
    );
  });

  it("names a wrong token, an unknown stream and no answer", async () => {
    route = () => ({
      status: 401,
      body: { ErrorCode: 10, Message: "Bad or missing Server API token." },
    });
    expect(await failure(connectPostmark(settings(), eventsUrl))).toBe("auth");
    route = () => ({
      status: 422,
      body: { ErrorCode: 1226, Message: "The message stream was not found." },
    });
    expect(await failure(connectPostmark(settings(), eventsUrl))).toBe(
      "stream",
    );
    route = () => ({ status: 503, body: {} });
    expect(await failure(connectPostmark(settings(), eventsUrl))).toBe(
      "unreachable",
    );
  });
});

describe("SendGrid", () => {
  const eventsUrl = "https://app.example/webhooks/email/sendgrid/shop1/tok";
  const settings = () => ({ apiKey: "SG.key", baseUrl: base });
  const hook = {
    enabled: true,
    url: eventsUrl,
    delivered: true,
    bounce: true,
    dropped: true,
    spam_report: true,
    friendly_name: "Trigger Map",
  };
  const path = "/v3/user/webhooks/event/settings";

  it("creates an event webhook, signs it and returns its public key", async () => {
    route = (r) =>
      r.method === "GET"
        ? { status: 200, body: { max_allowed: 5, webhooks: [] } }
        : r.method === "POST"
          ? { status: 201, body: { ...hook, id: "wh-1" } }
          : { status: 200, body: { id: "wh-1", public_key: "MFkw-public" } };
    expect(await connectSendGrid(settings(), eventsUrl)).toEqual({
      eventVerificationKey: "MFkw-public",
    });
    expect(calls()).toEqual([
      `GET ${path}/all`,
      `POST ${path}`,
      `PATCH ${path}/signed/wh-1`,
    ]);
    for (const request of seen)
      expect(request.headers.authorization).toBe("Bearer SG.key");
    expect(JSON.parse(seen[1]!.body)).toEqual(hook);
    expect(JSON.parse(seen[2]!.body)).toEqual({ enabled: true });
  });

  it("updates the webhook already posting to this URL", async () => {
    route = (r) =>
      r.method === "GET"
        ? {
            status: 200,
            body: {
              max_allowed: 2,
              webhooks: [
                { id: "other", url: "https://crm.example/sg" },
                { id: "wh-7", url: eventsUrl },
              ],
            },
          }
        : r.path.includes("/signed/")
          ? { status: 200, body: { id: "wh-7", public_key: "MFkw-7" } }
          : { status: 200, body: { ...hook, id: "wh-7" } };
    expect(await connectSendGrid(settings(), eventsUrl)).toEqual({
      eventVerificationKey: "MFkw-7",
    });
    expect(calls()).toEqual([
      `GET ${path}/all`,
      `PATCH ${path}/wh-7`,
      `PATCH ${path}/signed/wh-7`,
    ]);
    expect(JSON.parse(seen[1]!.body)).toEqual(hook);
  });

  it("adds none over the plan's limit, and names a wrong key and a key without the permission", async () => {
    route = () => ({
      status: 200,
      body: {
        max_allowed: 1,
        webhooks: [{ id: "x", url: "https://x.example" }],
      },
    });
    const limit = await connectSendGrid(settings(), eventsUrl).catch(
      (e: ConnectError) => e,
    );
    expect(limit).toMatchObject({ failure: "limit", vars: { max: 1 } });
    expect(calls()).toEqual([`GET ${path}/all`]);

    route = () => ({
      status: 401,
      body: { errors: [{ message: "authorization required" }] },
    });
    expect(await failure(connectSendGrid(settings(), eventsUrl))).toBe("auth");
    route = () => ({
      status: 403,
      body: { errors: [{ message: "access forbidden" }] },
    });
    expect(await failure(connectSendGrid(settings(), eventsUrl))).toBe(
      "permission",
    );
  });
});

describe("Mailgun", () => {
  const eventsUrl = "https://app.example/webhooks/email/mailgun/shop1/tok";
  const settings = () => ({
    apiKey: "key-1",
    domain: "mg.shop.example",
    region: "eu" as const,
    baseUrl: base,
  });
  const hooks = "/v3/domains/mg.shop.example/webhooks";
  const auth = `Basic ${Buffer.from("api:key-1").toString("base64")}`;

  it("creates the four webhooks and reads the account's signing key, never regenerating it", async () => {
    route = (r) =>
      r.path === "/v5/accounts/http_signing_key"
        ? { status: 200, body: { http_signing_key: "sign-123" } }
        : { status: 200, body: { message: "Webhook has been created" } };
    expect(await connectMailgun(settings(), eventsUrl)).toEqual({
      webhookSigningKey: "sign-123",
    });
    expect(calls()).toEqual([
      `POST ${hooks}`,
      `POST ${hooks}`,
      `POST ${hooks}`,
      `POST ${hooks}`,
      "GET /v5/accounts/http_signing_key",
    ]);
    for (const request of seen)
      expect(request.headers.authorization).toBe(auth);
    expect(
      seen
        .slice(0, 4)
        .map((r) => Object.fromEntries(new URLSearchParams(r.body))),
    ).toEqual(
      ["delivered", "permanent_fail", "temporary_fail", "complained"].map(
        (id) => ({ id, url: eventsUrl }),
      ),
    );
  });

  it("on “already exists”, puts our URL beside the ones the webhook had; one already ours is left alone", async () => {
    route = (r) => {
      if (r.method === "POST" && r.path === hooks)
        return new URLSearchParams(r.body).get("id") === "delivered"
          ? { status: 200, body: { message: "Webhook has been created" } }
          : {
              status: 400,
              body: { message: "Webhook with this id already exists" },
            };
      if (r.method === "GET" && r.path === `${hooks}/permanent_fail`)
        return {
          status: 200,
          body: { webhook: { urls: ["https://crm.example/mg"] } },
        };
      if (r.method === "GET" && r.path.startsWith(`${hooks}/`))
        return { status: 200, body: { webhook: { urls: [eventsUrl] } } };
      if (r.method === "PUT")
        return { status: 200, body: { message: "Webhook has been updated" } };
      return { status: 401, body: { message: "Invalid private key" } };
    };
    expect(await connectMailgun(settings(), eventsUrl)).toEqual({
      signingKeyManual: true,
    });
    const put = seen.find((r) => r.method === "PUT")!;
    expect(put.path).toBe(`${hooks}/permanent_fail`);
    expect(new URLSearchParams(put.body).getAll("url")).toEqual([
      "https://crm.example/mg",
      eventsUrl,
    ]);
    expect(seen.filter((r) => r.method === "PUT")).toHaveLength(1);
  });

  it("adds nothing to an event's webhook that already has Mailgun's three URLs", async () => {
    route = (r) =>
      r.method === "POST"
        ? { status: 400, body: { message: "Webhook already exists" } }
        : {
            status: 200,
            body: {
              webhook: {
                urls: [
                  "https://a.example",
                  "https://b.example",
                  "https://c.example",
                ],
              },
            },
          };
    const full = await connectMailgun(settings(), eventsUrl).catch(
      (e: ConnectError) => e,
    );
    expect(full).toMatchObject({
      failure: "limit",
      vars: { max: 3, event: "delivered" },
    });
    expect(seen.some((r) => r.method === "PUT")).toBe(false);
  });

  it("names a wrong key, a sending-only key and an unknown domain", async () => {
    route = () => ({ status: 401, body: { message: "Invalid private key" } });
    expect(await failure(connectMailgun(settings(), eventsUrl))).toBe("auth");
    route = () => ({ status: 403, body: { message: "Forbidden" } });
    expect(await failure(connectMailgun(settings(), eventsUrl))).toBe(
      "permission",
    );
    route = () => ({ status: 404, body: { message: "Domain not found" } });
    expect(await failure(connectMailgun(settings(), eventsUrl))).toBe("domain");
  });
});
