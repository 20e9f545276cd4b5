import { describe, expect, it } from "vitest";
import {
  createLogger,
  redact,
  redactText,
  type LogLevel,
} from "./logger.server";

type Env = Record<string, string | undefined>;

function capture(level = "info", env: Env = {}) {
  const lines: { line: string; level: LogLevel }[] = [];
  const logger = createLogger({
    level,
    env,
    now: () => new Date("2026-12-02T07:00:00Z"),
    write: (line, lvl) => lines.push({ line, level: lvl }),
  });
  return {
    logger,
    lines,
    parsed: () =>
      lines.map(({ line }) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe("the structured logger", () => {
  it("writes one JSON object per line: time, level, msg, then the fields", () => {
    const { logger, lines, parsed } = capture();
    logger.info("request", {
      method: "GET",
      path: "/app",
      status: 200,
      ms: 3.2,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0].line).not.toContain("\n");
    expect(parsed()[0]).toEqual({
      time: "2026-12-02T07:00:00.000Z",
      level: "info",
      msg: "request",
      method: "GET",
      path: "/app",
      status: 200,
      ms: 3.2,
    });
  });

  it("drops the lines below LOG_LEVEL, and falls back to info for an unknown level", () => {
    const warn = capture("warn");
    warn.logger.info("no");
    warn.logger.debug("no");
    warn.logger.error("yes");
    expect(warn.parsed().map((l) => l.msg)).toEqual(["yes"]);
    const unknown = capture("chatty");
    unknown.logger.debug("no");
    unknown.logger.info("yes");
    expect(unknown.parsed().map((l) => l.msg)).toEqual(["yes"]);
    const silent = capture("silent");
    silent.logger.error("no");
    expect(silent.lines).toEqual([]);
  });

  it("keeps a child's fields on every line", () => {
    const { logger, parsed } = capture();
    logger.child({ process: "worker" }).warn("slow", { ms: 9 });
    expect(parsed()[0]).toMatchObject({
      level: "warn",
      process: "worker",
      msg: "slow",
      ms: 9,
    });
  });

  it("spells out an error: name, message, code and a few stack lines", () => {
    const { logger, parsed } = capture();
    logger.error(
      "stopping failed",
      Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" }),
    );
    expect(parsed()[0].error).toMatchObject({
      name: "Error",
      message: "connection refused",
      code: "ECONNREFUSED",
    });
  });
});

describe("the redaction", () => {
  it("drops secret and personal keys by name, at any depth", () => {
    const out = redact({
      password: "hunter22",
      apiSecret: "s",
      accessToken: "t",
      headers: { Authorization: "Bearer x", cookie: "c" },
      provider: { kind: "smtp", pass: "p", apiKey: "k", privateKey: "pk" },
      contact: { email: "a@b.co", phone: "+15551234567" },
      encryptionKey: "e",
      hmac: "h",
      shop: "demo.myshopify.com",
      count: 3,
    });
    expect(out).toEqual({
      password: "[redacted]",
      apiSecret: "[redacted]",
      accessToken: "[redacted]",
      headers: { Authorization: "[redacted]", cookie: "[redacted]" },
      provider: {
        kind: "smtp",
        pass: "[redacted]",
        apiKey: "[redacted]",
        privateKey: "[redacted]",
      },
      contact: { email: "[redacted]", phone: "[redacted]" },
      encryptionKey: "[redacted]",
      hmac: "[redacted]",
      shop: "demo.myshopify.com",
      count: 3,
    });
  });

  it("cleans emails, phones, JWTs, Shopify tokens, bearer credentials, URL passwords and signed parameters out of strings", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlLWhlcmU";
    const text = [
      "Unique constraint failed: Key (email)=(jane.doe+promo@example.co.uk) already exists",
      "call +1 (555) 010-9999 or (555) 123-4567",
      `token ${jwt}`,
      "shpat_0123456789abcdef0123",
      "Authorization: Bearer abcdefgh12345678",
      "postgresql://app:pa55word@db.internal:5432/app redis://:r3dis@cache:6379",
      "/auth/callback?code=abc&hmac=0ff1ce&shop=demo.myshopify.com&id_token=xyz",
    ].join("\n");
    const out = redactText(text);
    for (const secret of [
      "jane.doe",
      "555",
      jwt,
      "shpat_0123",
      "abcdefgh12345678",
      "pa55word",
      "r3dis",
      "0ff1ce",
      "xyz",
      "code=abc",
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain("[email]");
    expect(out).toContain("shop=demo.myshopify.com");
    expect(out).toContain("db.internal:5432/app");
  });

  it("leaves dates, ids and amounts alone", () => {
    const text =
      "delivery cm1x2y3 at 2026-12-02T07:00:00.000Z for 80.00 USD, order #1042, 1,000 requests";
    expect(redactText(text)).toBe(text);
  });

  it("removes the process's own secrets (API secret, encryption key) wherever they appear", () => {
    const env = {
      SHOPIFY_API_SECRET: "very-secret-value-1",
      TRIGGER_MAP_ENCRYPTION_KEY: "a2V5LWtleS1rZXkta2V5",
      SHOPIFY_API_KEY: "k",
      PATH: "/usr/bin",
    };
    const { logger, lines } = capture("info", env);
    logger.error("verify failed with very-secret-value-1", {
      detail: "key a2V5LWtleS1rZXkta2V5 used",
      path: "/usr/bin",
    });
    expect(lines[0].line).not.toContain("very-secret-value-1");
    expect(lines[0].line).not.toContain("a2V5LWtleS1rZXkta2V5");
    expect(lines[0].line).toContain("/usr/bin");
  });

  it("removes each key of a list setting (TRIGGER_MAP_LINK_KEYS, SHOPIFY_API_SECRET_PREVIOUS), alone or whole", () => {
    const env = {
      TRIGGER_MAP_LINK_KEYS:
        "bmV3LWxpbmsta2V5LW5ldw==,b2xkLWxpbmsta2V5LW9sZA==",
      SHOPIFY_API_SECRET_PREVIOUS: "old-secret-value-1",
    };
    const { logger, lines } = capture("info", env);
    logger.error(
      "keys bmV3LWxpbmsta2V5LW5ldw==,b2xkLWxpbmsta2V5LW9sZA== then b2xkLWxpbmsta2V5LW9sZA== alone",
      { detail: "was old-secret-value-1" },
    );
    for (const secret of [
      "bmV3LWxpbmsta2V5LW5ldw",
      "b2xkLWxpbmsta2V5LW9sZA",
      "old-secret-value-1",
    ])
      expect(lines[0].line).not.toContain(secret);
  });

  it("cleans an error's message and stack (Prisma's errors echo the values they refused)", () => {
    const { logger, lines } = capture();
    logger.error(
      "insert failed",
      new Error(
        'Invalid `db.contact.create()` invocation: email: "ann@shopper.example"',
      ),
    );
    expect(lines[0].line).not.toContain("ann@shopper.example");
    expect(JSON.parse(lines[0].line).error.message).toContain("[email]");
  });
});
