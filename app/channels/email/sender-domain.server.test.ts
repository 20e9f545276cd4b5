// The sender domain checks against a local DNS server (dns2) that serves each test's records: the
// lookups go through node's resolver as in production, only its server is ours.
import dns2 from "dns2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkSenderDomain,
  dmarcCandidates,
  dnsServersFromEnv,
} from "./sender-domain.server";

const { Packet } = dns2;

type Zone = Record<
  string,
  { txt?: string[]; cname?: string; servfail?: boolean }
>;
let zone: Zone = {};
let server: dns2.DnsServer;
let servers: string[];

beforeAll(async () => {
  server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question!.name.toLowerCase();
      const entry = zone[name];
      if (entry?.servfail) {
        response.header.rcode = Packet.RCODE.SERVFAIL;
        return void send(response);
      }
      if (!entry) response.header.rcode = Packet.RCODE.NXDOMAIN;
      else if (question!.type === Packet.TYPE.TXT)
        for (const data of entry.txt ?? [])
          response.answers.push(
            Packet.createResourceFromQuestion(question!, {
              type: Packet.TYPE.TXT,
              ttl: 60,
              data,
            }),
          );
      else if (question!.type === Packet.TYPE.CNAME && entry.cname)
        response.answers.push(
          Packet.createResourceFromQuestion(question!, {
            type: Packet.TYPE.CNAME,
            ttl: 60,
            domain: entry.cname,
          }),
        );
      void send(response);
    },
  });
  const { udp } = await server.listen({
    udp: { port: 0, address: "127.0.0.1" },
  });
  servers = [`127.0.0.1:${udp!.port}`];
});
afterAll(() => server?.close());

const check = (
  provider: Parameters<typeof checkSenderDomain>[0]["provider"],
  dkimSelector?: string,
) =>
  checkSenderDomain(
    { email: "news@shop.example", provider, dkimSelector },
    { servers },
  );

describe("sender domain: SendGrid", () => {
  it("passes when SPF includes sendgrid.net, both s1 and s2 keys exist and DMARC is published", async () => {
    zone = {
      "shop.example": {
        txt: ["v=spf1 include:_spf.google.com include:sendgrid.net ~all"],
      },
      "s1._domainkey.shop.example": {
        cname: "s1.domainkey.u123.wl.sendgrid.net",
      },
      "s2._domainkey.shop.example": {
        cname: "s2.domainkey.u123.wl.sendgrid.net",
      },
      "_dmarc.shop.example": {
        txt: ["v=DMARC1; p=quarantine; rua=mailto:d@shop.example"],
      },
    };
    const result = await check("sendgrid");
    expect(result.domain).toBe("shop.example");
    expect(result.spf).toEqual({
      state: "done",
      reason: "included",
      include: "sendgrid.net",
    });
    expect(result.dkim).toMatchObject({
      state: "done",
      selectors: ["s1", "s2"],
    });
    expect(result.dmarc).toEqual({
      state: "done",
      reason: "found",
      recordDomain: "shop.example",
      policy: "quarantine",
    });
  });

  it("fails when SPF lacks the include, s2 is missing and there is no DMARC record", async () => {
    zone = {
      "shop.example": {
        txt: [
          "google-site-verification=abc",
          "v=spf1 include:_spf.google.com ~all",
        ],
      },
      "s1._domainkey.shop.example": {
        cname: "s1.domainkey.u123.wl.sendgrid.net",
      },
    };
    const result = await check("sendgrid");
    expect(result.spf).toEqual({
      state: "todo",
      reason: "missingInclude",
      include: "sendgrid.net",
    });
    expect(result.dkim).toMatchObject({
      state: "todo",
      reason: "missing",
      missing: ["s2"],
    });
    expect(result.dmarc).toEqual({ state: "todo", reason: "noRecord" });
  });

  it("calls two SPF records a failure and no SPF record a missing one", async () => {
    zone = {
      "shop.example": {
        txt: ["v=spf1 include:sendgrid.net ~all", "v=spf1 -all"],
      },
    };
    expect((await check("sendgrid")).spf.reason).toBe("multiple");
    zone = { "shop.example": { txt: ["something else"] } };
    expect((await check("sendgrid")).spf).toMatchObject({
      state: "todo",
      reason: "noRecord",
    });
  });
});

describe("sender domain: SPF through includes and redirects", () => {
  it("finds the provider in a record the domain includes or redirects to", async () => {
    zone = {
      "shop.example": { txt: ["v=spf1 include:_spf.shop.example ~all"] },
      "_spf.shop.example": { txt: ["v=spf1 redirect=_spf2.shop.example"] },
      "_spf2.shop.example": { txt: ["v=spf1 include:sendgrid.net -all"] },
    };
    expect((await check("sendgrid")).spf).toEqual({
      state: "done",
      reason: "included",
      include: "sendgrid.net",
    });
  });

  it("a fail-qualified include authorizes nothing; an unreadable included record is couldn't check", async () => {
    zone = { "shop.example": { txt: ["v=spf1 -include:sendgrid.net ~all"] } };
    expect((await check("sendgrid")).spf.reason).toBe("missingInclude");
    zone = {
      "shop.example": { txt: ["v=spf1 include:_spf.shop.example ~all"] },
      "_spf.shop.example": { servfail: true },
    };
    expect((await check("sendgrid")).spf).toMatchObject({
      state: "unknown",
      reason: "lookupFailed",
    });
  });

  it("stops at ten lookups, as receivers do", async () => {
    zone = { "shop.example": { txt: ["v=spf1 include:l1.shop.example ~all"] } };
    for (let i = 1; i <= 12; i++)
      zone[`l${i}.shop.example`] = {
        txt: [
          i === 12
            ? "v=spf1 include:sendgrid.net ~all"
            : `v=spf1 include:l${i + 1}.shop.example ~all`,
        ],
      };
    expect((await check("sendgrid")).spf).toEqual({
      state: "todo",
      reason: "tooManyLookups",
      include: "sendgrid.net",
    });
  });
});

describe("sender domain: Mailgun and SES", () => {
  it("Mailgun: SPF includes mailgun.org and one of its selectors holds a DKIM key", async () => {
    zone = {
      "shop.example": { txt: ["v=spf1 include:mailgun.org ~all"] },
      "mx._domainkey.shop.example": {
        txt: ["k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC"],
      },
    };
    const result = await check("mailgun");
    expect(result.spf.state).toBe("done");
    expect(result.dkim).toMatchObject({
      state: "done",
      selectors: ["smtp", "mx", "k1", "pdk1", "pdk2"],
    });
  });

  it("Mailgun: fails with another provider's include and no key at its selectors", async () => {
    zone = { "shop.example": { txt: ["v=spf1 include:sendgrid.net ~all"] } };
    const result = await check("mailgun");
    expect(result.spf).toMatchObject({ state: "todo", include: "mailgun.org" });
    expect(result.dkim).toMatchObject({
      state: "todo",
      missing: ["smtp", "mx", "k1", "pdk1", "pdk2"],
    });
  });

  it("SES: DKIM can't be checked without the merchant's selector, and is checked with it", async () => {
    zone = {
      "shop.example": { txt: ["v=spf1 include:amazonses.com -all"] },
      "abcdef123._domainkey.shop.example": {
        cname: "abcdef123.dkim.amazonses.com",
      },
    };
    const without = await check("ses");
    expect(without.spf.state).toBe("done");
    expect(without.dkim).toEqual({
      state: "unknown",
      reason: "selectorNeeded",
      selectors: [],
    });
    expect((await check("ses", "abcdef123")).dkim.state).toBe("done");
    expect((await check("ses", "other")).dkim).toMatchObject({
      state: "todo",
      missing: ["other"],
    });
  });
});

describe("sender domain: SMTP, DMARC at the parent, failures", () => {
  it("SMTP: only that an SPF record exists", async () => {
    zone = { "shop.example": { txt: ["v=spf1 ip4:192.0.2.1 -all"] } };
    const result = await check("smtp");
    expect(result.spf).toEqual({ state: "done", reason: "exists" });
    expect(result.dkim.reason).toBe("selectorNeeded");
  });

  it("DMARC of the organizational domain applies to a subdomain sender, with its sp= policy", async () => {
    zone = { "_dmarc.example.com": { txt: ["v=DMARC1; p=reject; sp=none"] } };
    const result = await checkSenderDomain(
      { email: "hi@mail.example.com", provider: "sendgrid" },
      { servers },
    );
    expect(result.dmarc).toEqual({
      state: "done",
      reason: "found",
      recordDomain: "example.com",
      policy: "none",
    });
    expect(dmarcCandidates("a.b.example.com")).toEqual([
      "a.b.example.com",
      "b.example.com",
      "example.com",
    ]);
  });

  it("a failing DNS server reads as couldn't check, not as missing", async () => {
    zone = {
      "shop.example": { servfail: true },
      "_dmarc.shop.example": { servfail: true },
      "s1._domainkey.shop.example": { servfail: true },
      "s2._domainkey.shop.example": { servfail: true },
    };
    const result = await check("sendgrid");
    expect(result.spf.state).toBe("unknown");
    expect(result.dkim.state).toBe("unknown");
    expect(result.dmarc.state).toBe("unknown");
  });

  it("a silent DNS server reads as couldn't check within the time limit", async () => {
    const silent = dns2.createServer({ udp: true, handle: () => {} });
    const { udp } = await silent.listen({
      udp: { port: 0, address: "127.0.0.1" },
    });
    const started = Date.now();
    try {
      const result = await checkSenderDomain(
        { email: "news@shop.example", provider: "sendgrid" },
        { servers: [`127.0.0.1:${udp!.port}`], timeoutMs: 300 },
      );
      expect(result.spf).toMatchObject({
        state: "unknown",
        reason: "lookupFailed",
      });
      expect(result.dmarc.state).toBe("unknown");
    } finally {
      await silent.close();
    }
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("a mistyped server list reads as couldn't check, naming the setting", async () => {
    const result = await checkSenderDomain(
      { email: "news@shop.example", provider: "mailgun" },
      { servers: ["not-an-ip"] },
    );
    expect(result.spf).toMatchObject({
      state: "unknown",
      reason: "lookupFailed",
    });
    expect(result.spf.error).toMatch(/^TRIGGER_MAP_DNS_SERVERS: /);
    expect(result.dkim.state).toBe("unknown");
    expect(result.dmarc.state).toBe("unknown");
  });

  it("looks up an international domain in its ASCII form", async () => {
    zone = {
      "xn--80aairftm.xn--p1ai": { txt: ["v=spf1 include:sendgrid.net ~all"] },
    };
    const result = await checkSenderDomain(
      { email: "hi@магазин.рф", provider: "sendgrid" },
      { servers },
    );
    expect(result.domain).toBe("xn--80aairftm.xn--p1ai");
    expect(result.spf.state).toBe("done");
  });

  it("reads the servers from TRIGGER_MAP_DNS_SERVERS", () => {
    expect(dnsServersFromEnv(" 127.0.0.1:5353, 10.0.0.1 ")).toEqual([
      "127.0.0.1:5353",
      "10.0.0.1",
    ]);
    expect(dnsServersFromEnv("")).toBeUndefined();
  });
});
