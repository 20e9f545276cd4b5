// Builds the storefront runtime (app/storefront/runtime/) into the theme extension's assets, the
// only place Shopify serves them from: trigger-map.js (the loader, deferred on every page) and
// trigger-map-ui.js (loaded when a rule fires). `--check` builds in memory and fails when the
// committed assets differ (a test runs it), so the extension never ships stale code.
import { build } from "esbuild";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const assets = path.join(root, "extensions/trigger-map-theme/assets");

export const BUNDLES = [
  { entry: "app/storefront/runtime/loader.ts", out: "trigger-map.js" },
  { entry: "app/storefront/runtime/ui.ts", out: "trigger-map-ui.js" },
];

/** Each bundle's file name and minified text. */
export async function buildStorefront() {
  return Promise.all(
    BUNDLES.map(async ({ entry, out }) => {
      const result = await build({
        entryPoints: [path.join(root, entry)],
        bundle: true,
        minify: true,
        format: "iife",
        // Browsers that run Shopify's Online Store 2.0 themes.
        target: ["es2019", "chrome80", "firefox78", "safari13"],
        write: false,
        legalComments: "none",
        logLevel: "silent",
      });
      return { out, text: result.outputFiles[0].text };
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const { out, text } of await buildStorefront()) {
    const file = path.join(assets, out);
    if (check) {
      const current = await readFile(file, "utf8").catch(() => "");
      if (current !== text) {
        stale++;
        console.error(
          `${path.relative(root, file)} is stale: run npm run build:storefront`,
        );
      }
    } else {
      await writeFile(file, text);
      console.log(`${path.relative(root, file)}: ${text.length} bytes`);
    }
  }
  process.exit(stale ? 1 : 0);
}
