// The theme extension ships the runtime built from app/storefront/runtime: the committed assets
// must be what the sources build to, and the loader every page carries stays within its budget.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs build script, typed by its use here
import { buildStorefront } from "../../scripts/build-storefront.mjs";

const assets = path.resolve(
  import.meta.dirname,
  "../../extensions/trigger-map-theme/assets",
);

describe("the storefront runtime's assets", () => {
  it("are what the runtime's sources build to (run npm run build:storefront after a change)", async () => {
    const built = (await buildStorefront()) as { out: string; text: string }[];
    for (const { out, text } of built)
      expect(readFileSync(path.join(assets, out), "utf8"), out).toBe(text);
  });

  it("keep the loader, which every page carries, within 5,000 bytes gzipped", () => {
    expect(
      gzipSync(readFileSync(path.join(assets, "trigger-map.js")), { level: 9 })
        .length,
    ).toBeLessThanOrEqual(5_000);
  });
});
