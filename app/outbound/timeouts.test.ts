// The limits must nest: a send's outside calls end before its job's time limit, and that limit ends
// before the sweep calls a SENDING delivery UNKNOWN (so a cut-off send is never sent again).
import { describe, expect, it } from "vitest";
import { SENDING_TIMEOUT_MS } from "../deliveries/send.server";
import { JOB_TIME_LIMIT_MS, OUTBOUND_TIMEOUT_MS as T } from "./timeouts";

describe("time limits", () => {
  it("let a send's calls finish within its job's limit, and that limit end before the sweep's", () => {
    // A send: a token refresh, a discount code, three content blocks from Shopify, then the provider
    // (an HTTP API, or SMTP's connection, greeting and a few silent stretches).
    const shopify = 5 * T.shopify;
    const provider = Math.max(
      T.emailApi,
      T.smtpConnection + T.smtpGreeting + 3 * T.smtpSocket,
      4 * T.push,
    );
    expect(shopify + provider).toBeLessThan(JOB_TIME_LIMIT_MS);
    expect(JOB_TIME_LIMIT_MS).toBeLessThan(SENDING_TIMEOUT_MS);
  });
});
