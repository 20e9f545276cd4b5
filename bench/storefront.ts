// bench/storefront: what the theme embed costs a shop's pages. Reports the loader's and the UI
// module's gzipped bytes, then loads the same sandbox page in Chromium with and without the app
// embeds (alternating, fresh storage each time, CPU slowed 4x by default, as Lighthouse does for phones) and
// compares main-thread time, total blocking time, LCP, CLS and the requests made before any rule
// fires. `--cpu 1,4` measures each slowdown in turn on the same sandbox.
// Usage: npm run bench:storefront [-- --runs 15 --cpu 4]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Page } from "playwright-core";
import { createDb } from "../app/db.server";
import {
  activateTemplates,
  BROWSER_UA,
  DEMO_SCENARIOS,
  installDemoShop,
} from "../sandbox/demo";
import { startSandbox } from "../sandbox/sandbox";
import {
  ensureBuild,
  percentile,
  reportResult,
  root,
  type BenchRow,
} from "./support";

const option = (name: string) =>
  process.argv.includes(`--${name}`)
    ? process.argv[process.argv.indexOf(`--${name}`) + 1]
    : undefined;
const runs = Number(option("runs")) || 15;
const CPU_SLOWDOWNS = (option("cpu") ?? "4")
  .split(",")
  .map(Number)
  .filter((rate) => rate >= 1);
if (CPU_SLOWDOWNS.length === 0)
  throw new Error("--cpu takes slowdowns such as 4 or 1,4");
const GOAL_LOADER_GZIP = 5_000;
const GOAL_EXTRA_MS = 20;
const ASSETS = path.join(root, "extensions/trigger-map-theme/assets");

interface Sample {
  mainThreadMs: number;
  scriptMs: number;
  tbtMs: number;
  lcpMs: number;
  /** The server's part: the double renders the theme's Liquid, embeds included. */
  ttfbMs: number;
  cls: number;
  requests: number;
  appRequests: number;
}

async function measure(
  page: Page,
  url: string,
  cpuSlowdown: number,
): Promise<Sample> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuSlowdown });
  let requests = 0;
  let appRequests = 0;
  const count = (request: { url(): string }) => {
    requests++;
    if (request.url().includes("/apps/trigger-map")) appRequests++;
  };
  page.on("request", count);
  await page.addInitScript(() => {
    const w = window as unknown as {
      __perf: { tbt: number; lcp: number; cls: number };
    };
    w.__perf = { tbt: 0, lcp: 0, cls: 0 };
    new PerformanceObserver((l) =>
      l
        .getEntries()
        .forEach((e) => (w.__perf.tbt += Math.max(0, e.duration - 50))),
    ).observe({ type: "longtask", buffered: true });
    new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => (w.__perf.lcp = e.startTime)),
    ).observe({ type: "largest-contentful-paint", buffered: true });
    new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => {
        const shift = e as PerformanceEntry & {
          value: number;
          hadRecentInput: boolean;
        };
        if (!shift.hadRecentInput) w.__perf.cls += shift.value;
      }),
    ).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(url, { waitUntil: "load" });
  // Quiet time after load: the loader has run; the demo rules' delays (5 s and more) have not fired.
  await page.waitForTimeout(1500);
  const metrics = Object.fromEntries(
    (await cdp.send("Performance.getMetrics")).metrics.map((m) => [
      m.name,
      m.value,
    ]),
  );
  const perf = await page.evaluate(() => ({
    ...(
      window as unknown as { __perf: { tbt: number; lcp: number; cls: number } }
    ).__perf,
    ttfb: (
      performance.getEntriesByType(
        "navigation",
      )[0] as PerformanceNavigationTiming
    ).responseStart,
  }));
  page.off("request", count);
  await cdp.detach();
  return {
    mainThreadMs: metrics.TaskDuration * 1000,
    scriptMs: metrics.ScriptDuration * 1000,
    tbtMs: perf.tbt,
    lcpMs: perf.lcp,
    ttfbMs: perf.ttfb,
    cls: perf.cls,
    requests,
    appRequests,
  };
}

async function main() {
  const loader = readFileSync(path.join(ASSETS, "trigger-map.js"));
  const ui = readFileSync(path.join(ASSETS, "trigger-map-ui.js"));
  const loaderGzip = gzipSync(loader, { level: 9 }).length;
  console.log(
    `loader (trigger-map.js): ${loader.length} B, ${loaderGzip} B gzipped (goal ≤ 5,000)`,
  );
  const results: BenchRow[] = [
    {
      name: "storefront loader size",
      goal: "≤ 5,000 B gzipped",
      figure: `${loaderGzip.toLocaleString("en-US")} B (${loader.length.toLocaleString("en-US")} B raw)`,
      baseline: null,
      ratio: null,
      met: loaderGzip <= GOAL_LOADER_GZIP,
    },
  ];
  console.log(
    `UI module (trigger-map-ui.js): ${ui.length} B, ${gzipSync(ui, { level: 9 }).length} B gzipped, loaded only when a rule fires`,
  );

  ensureBuild(false, (line) => console.log(line));
  const dir = mkdtempSync(path.join(tmpdir(), "tm-bench-storefront-"));
  const databaseUrl = `file:${path.join(dir, "bench.sqlite")}`;
  const sandbox = await startSandbox({ databaseUrl, worker: false });
  const db = createDb(databaseUrl);
  const shopId = await installDemoShop({
    double: sandbox.double,
    shop: sandbox.shop,
    db,
  });
  await activateTemplates(
    db,
    sandbox.double,
    sandbox.shop,
    shopId,
    DEMO_SCENARIOS,
  );
  const profile = mkdtempSync(path.join(tmpdir(), "tm-bench-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    userAgent: BROWSER_UA,
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
  const page =
    sandbox.storefrontUrl.replace(/\/$/, "") + "/products/linen-shirt";
  const samples = new Map<number, Record<"without" | "with", Sample[]>>();
  try {
    for (const cpu of CPU_SLOWDOWNS) {
      const bySlowdown: Record<"without" | "with", Sample[]> = {
        without: [],
        with: [],
      };
      samples.set(cpu, bySlowdown);
      // One warm-up of each, then alternate so drift in the machine's load hits both alike.
      for (let i = -1; i < runs; i++) {
        for (const variant of ["without", "with"] as const) {
          await context.clearCookies();
          const tab = await context.newPage();
          await tab.goto(`${sandbox.storefrontUrl}pages/contact?embeds=0`);
          await tab.evaluate(
            () => (localStorage.clear(), sessionStorage.clear()),
          );
          const sample = await measure(
            tab,
            variant === "with" ? page : `${page}?embeds=0`,
            cpu,
          );
          await tab.close();
          if (i >= 0) bySlowdown[variant].push(sample);
        }
      }
    }
  } finally {
    await context.close();
    await sandbox.stop();
    await db.$disconnect();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }

  const rows: [string, keyof Sample, number][] = [
    ["main-thread time, ms", "mainThreadMs", 1],
    ["of it, script, ms", "scriptMs", 1],
    ["total blocking time, ms", "tbtMs", 1],
    ["first byte, ms (the double renders the Liquid)", "ttfbMs", 1],
    ["LCP, ms", "lcpMs", 0],
    ["CLS", "cls", 3],
    ["requests before a trigger", "requests", 0],
    ["of them, to the app", "appRequests", 0],
  ];
  for (const [cpu, bySlowdown] of samples) {
    const median = (variant: "without" | "with", key: keyof Sample) =>
      percentile(
        bySlowdown[variant].map((s) => s[key]),
        50,
      );
    console.log(
      `\nproduct page, median of ${runs} loads each, CPU ${cpu}x slower (Chromium ${context.browser()?.version() ?? ""})`,
    );
    console.log(
      "| | without the embeds | with the embeds | extra | ratio |\n| --- | --- | --- | --- | --- |",
    );
    for (const [label, key, digits] of rows) {
      const a = median("without", key);
      const b = median("with", key);
      console.log(
        `| ${label} | ${a.toFixed(digits)} | ${b.toFixed(digits)} | ${(b - a).toFixed(digits)} | ${a ? (b / a).toFixed(2) : "–"} |`,
      );
    }
    const [without, withEmbeds] = [
      median("without", "mainThreadMs"),
      median("with", "mainThreadMs"),
    ];
    const extra = withEmbeds - without;
    results.push({
      name: `storefront main thread, extra (CPU ${cpu}x)`,
      goal: "≤ 20 ms",
      figure: `${extra >= 0 ? "+" : ""}${extra.toFixed(1)} ms (median of ${runs} load${runs === 1 ? "" : "s"}; ${median("with", "appRequests")} requests to the app before a trigger)`,
      baseline: `${without.toFixed(1)} ms, the same page without the embeds`,
      ratio: withEmbeds / without,
      met: extra <= GOAL_EXTRA_MS,
    });
  }
  reportResult(results);
}

await main();
process.exit(0);
