// A push service on 127.0.0.1, as browsers' vendors run them: HTTPS (a certificate made for the
// test), one endpoint per subscription, the VAPID JWT checked (ES256 with the key in the header,
// audience, expiry) and the payload decrypted (aes128gcm) with the subscription's own keys, which
// this side holds as a browser would. A subscription it has dropped answers 410.
import {
  createECDH,
  createPublicKey,
  randomBytes,
  verify,
  type ECDH,
} from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, createServer } from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
// http_ece ships no types; its decrypt is the standard's reference implementation.
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore
import ece from "http_ece";

export interface ReceivedPush {
  id: string;
  payload: string;
  ttl: string | undefined;
  urgency: string | undefined;
  vapid: { aud: string; sub: string; exp: number };
}

export interface PushService {
  url: string;
  /** Trusts the service's certificate, for web-push's requests. */
  agent: Agent;
  /** A browser's subscription to this service: endpoint and public keys. */
  subscribe(): { endpoint: string; keys: { p256dh: string; auth: string } };
  drop(endpoint: string): void;
  received: ReceivedPush[];
  close(): Promise<void>;
}

const b64url = (b: Buffer) => b.toString("base64url");

export async function startPushService(): Promise<PushService> {
  const dir = mkdtempSync(path.join(tmpdir(), "tm-push-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  const cert = readFileSync(path.join(dir, "cert.pem"));
  const key = readFileSync(path.join(dir, "key.pem"));
  rmSync(dir, { recursive: true, force: true });

  const subscriptions = new Map<string, { ecdh: ECDH; auth: Buffer }>();
  const received: ReceivedPush[] = [];
  let url = "";
  const server = createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const id = (req.url ?? "").replace(/^\/push\//, "");
      const sub = subscriptions.get(id);
      if (req.method !== "POST" || !sub) return void res.writeHead(410).end();
      const vapid = checkVapid(String(req.headers.authorization ?? ""), url);
      if (!vapid.ok) return void res.writeHead(403).end(vapid.reason);
      if (req.headers["content-encoding"] !== "aes128gcm")
        return void res.writeHead(415).end();
      const payload = (
        ece.decrypt(Buffer.concat(chunks), {
          version: "aes128gcm",
          privateKey: sub.ecdh,
          authSecret: sub.auth,
        }) as Buffer
      ).toString("utf8");
      received.push({
        id,
        payload,
        ttl: req.headers.ttl as string | undefined,
        urgency: req.headers.urgency as string | undefined,
        vapid: vapid.claims,
      });
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    agent: new Agent({ ca: cert }),
    subscribe() {
      const id = b64url(randomBytes(12));
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16);
      subscriptions.set(id, { ecdh, auth });
      return {
        endpoint: `${url}/push/${id}`,
        keys: { p256dh: b64url(ecdh.getPublicKey()), auth: b64url(auth) },
      };
    },
    drop: (endpoint) => void subscriptions.delete(endpoint.split("/").pop()!),
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `vapid t=<JWT>, k=<public key>`: an ES256 JWT for this service's origin, signed by that key. */
function checkVapid(
  header: string,
  origin: string,
): { ok: true; claims: ReceivedPush["vapid"] } | { ok: false; reason: string } {
  const t = /t=([^,\s]+)/.exec(header)?.[1];
  const k = /k=([^,\s]+)/.exec(header)?.[1];
  if (!header.startsWith("vapid ") || !t || !k)
    return { ok: false, reason: "no VAPID authorization" };
  const [head, body, signature] = t.split(".");
  const point = Buffer.from(k, "base64url");
  const publicKey = createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: b64url(point.subarray(1, 33)),
      y: b64url(point.subarray(33, 65)),
    },
    format: "jwk",
  });
  const valid = verify(
    "sha256",
    Buffer.from(`${head}.${body}`),
    { key: publicKey, dsaEncoding: "ieee-p1363" },
    Buffer.from(signature, "base64url"),
  );
  if (!valid) return { ok: false, reason: "bad VAPID signature" };
  const claims = JSON.parse(
    Buffer.from(body, "base64url").toString("utf8"),
  ) as ReceivedPush["vapid"];
  if (claims.aud !== origin)
    return { ok: false, reason: `audience ${claims.aud} is not ${origin}` };
  if (claims.exp * 1000 < Date.now()) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}
