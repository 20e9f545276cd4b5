// The history import fetches a bulk operation's result only from Shopify's storage, over https.
import { describe, expect, it } from "vitest";
import { isShopifyBulkFileUrl } from "./history.server";

describe("a bulk operation's result URL", () => {
  it("is fetched from Shopify's storage over https", () => {
    expect(
      isShopifyBulkFileUrl(
        "https://storage.googleapis.com/shopify-tiers-assets-prod-us-east1/bulk-operation-outputs/abc-final?GoogleAccessId=x&Expires=1&Signature=y",
      ),
    ).toBe(true);
  });

  it("is refused anywhere else", () => {
    for (const url of [
      "http://storage.googleapis.com/shopify-tiers-assets-prod-us-east1/x.jsonl",
      "https://storage.googleapis.com/someone-elses-bucket/x.jsonl",
      "https://storage.googleapis.com.evil.example/shopify-x/x.jsonl",
      "https://user:pass@storage.googleapis.com/shopify-x/x.jsonl",
      "https://storage.googleapis.com:8443/shopify-x/x.jsonl",
      "https://127.0.0.1/shopify-x/x.jsonl",
      "file:///etc/passwd",
      "not a url",
    ])
      expect(isShopifyBulkFileUrl(url), url).toBe(false);
  });
});
