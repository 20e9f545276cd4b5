// Real Chromium (Debian's package) driven by playwright-core, which downloads no browser of its own.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { BROWSER_UA } from "../../sandbox/demo";
import { startSandbox, type Sandbox } from "../../sandbox/sandbox";

const EXECUTABLE = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Where browser tests keep their screenshots (git-ignored); made when a browser starts. */
export const ARTIFACTS = path.resolve(
  import.meta.dirname,
  "../../test-results",
);

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(EXECUTABLE)) {
    throw new Error(
      `Chromium not found at ${EXECUTABLE}: apt-get install chromium (or set CHROMIUM_PATH)`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), "tm-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    // A desktop Chrome's user agent: Shopify's library answers 410 to bots, and HeadlessChrome is one.
    userAgent: BROWSER_UA,
    // No background traffic: this machine has no network but loopback.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface SandboxInBrowser {
  sandbox: Sandbox;
  browser: Browser;
  /** The sandbox's database, for a test that seeds what no page can make (a provider's report). */
  databaseUrl: string;
  stop(): Promise<void>;
}

/** `npm run sandbox` on a throwaway SQLite database, and a Chromium to drive it. */
export async function startSandboxInBrowser(
  options: { worker?: boolean } = {},
): Promise<SandboxInBrowser> {
  const dir = mkdtempSync(path.join(tmpdir(), "tm-sandbox-"));
  const databaseUrl = `file:${path.join(dir, "sandbox.sqlite")}`;
  const sandbox = await startSandbox({ databaseUrl, ...options });
  const browser = await launchChromium();
  return {
    sandbox,
    browser,
    databaseUrl,
    stop: async () => {
      await browser.close();
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
