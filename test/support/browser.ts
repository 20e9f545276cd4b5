// Real Chromium (Debian's package) driven by playwright-core, which downloads no browser of its own.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { BROWSER_UA } from "../../sandbox/demo";

const EXECUTABLE = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(EXECUTABLE)) {
    throw new Error(`Chromium not found at ${EXECUTABLE}: apt-get install chromium (or set CHROMIUM_PATH)`);
  }
  const profile = mkdtempSync(path.join(tmpdir(), "tm-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    // A desktop Chrome's user agent: Shopify's library answers 410 to bots, and HeadlessChrome is one.
    userAgent: BROWSER_UA,
    // No background traffic: this machine has no network but loopback.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
