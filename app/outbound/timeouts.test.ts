// The limits must nest: a send's outside calls end before its job's time limit, and that limit ends
// before the sweep calls a SENDING delivery UNKNOWN (so a cut-off send is never sent again).
import { describe, expect, it } from "vitest";
import { SENDING_TIMEOUT_MS } from "../deliveries/send.server";
import {
  HISTORY_SLICE_MS,
  JOB_TIME_LIMIT_MS,
  OUTBOUND_TIMEOUT_MS as T,
} from "./timeouts";

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

  it("let a slice of the history import, its Shopify calls and its file's silences end within the job's limit", () => {
    // A poll and a start (two Shopify calls), the file's headers, a silence, then the slice itself.
    expect(
      2 * T.shopify + 2 * T.shopifyBulkFile + HISTORY_SLICE_MS,
    ).toBeLessThan(JOB_TIME_LIMIT_MS);
  });
});
