// npm run bench: every benchmark, one after another, each in its own process as a user runs it
// (`tsx bench/<name>.ts`), each writing its result rows to a file (BENCH_RESULT_FILE, see
// bench/summary.ts). Prints the summary table and, after a full run of every benchmark, rewrites it
// in docs/PERFORMANCE.md between its markers. A benchmark that fails is a failed row; the others
// still run, and the command exits 1.
//   npm run bench [-- --quick] [--only engine,email] [--no-write]
//   --quick     small sizes: a smoke run of minutes (its figures say nothing; the document is left alone)
//   --only      these benchmarks only (the document is left alone)
//   --no-write  print the table, leave the document alone
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { root } from "./support";
import {
  failedRow,
  parseBenchResult,
  parseRunOptions,
  renderSummary,
  replaceSummary,
  type TableRow,
} from "./summary";

interface Bench {
  key: string;
  /** The row's name when the benchmark fails before reporting. */
  label: string;
  script: string;
  full: string[];
  quick: string[];
}

// Full sizes are the ones docs/PERFORMANCE.md describes; on 2 cores the whole run takes roughly
// half an hour, a third of it the scheduler's 1,000,000 waits (estimated from each benchmark's own
// duration; not timed as one run on a quiet machine).
const BENCHES: Bench[] = [
  {
    key: "engine",
    label: "engine decisions",
    script: "engine",
    full: [],
    quick: [],
  },
  {
    key: "storefront",
    label: "storefront",
    script: "storefront",
    full: ["--runs", "21", "--cpu", "1,4"],
    quick: ["--runs", "1", "--cpu", "4"],
  },
  {
    key: "webhooks",
    label: "webhook ingestion (SQLite)",
    script: "webhooks",
    full: [],
    quick: ["--seconds", "2"],
  },
  {
    key: "webhooks-postgres",
    label: "webhook ingestion (PostgreSQL)",
    script: "webhooks",
    full: ["--postgres"],
    quick: ["--postgres", "--seconds", "2"],
  },
  {
    key: "scheduler",
    label: "scheduler",
    script: "scheduler",
    full: [],
    quick: [
      "--waits",
      "20000",
      "--due",
      "2000",
      "--spread",
      "2",
      "--shops",
      "4",
    ],
  },
  {
    key: "email",
    label: "email sending path",
    script: "email",
    full: [],
    quick: ["--emails", "300"],
  },
  {
    key: "admin",
    label: "admin vitals",
    script: "admin-vitals",
    full: ["--runs", "7", "--cpu", "1,4"],
    quick: ["--runs", "1", "--cpu", "1"],
  },
];
const SCRIPT_NAMES: Record<string, string> = { "admin-vitals": "admin" };
const DOC = path.join(root, "docs/PERFORMANCE.md");

/** What a user types to run the same thing alone. */
function command(bench: Bench, args: string[]): string {
  const script = `npm run bench:${SCRIPT_NAMES[bench.script] ?? bench.script}`;
  return args.length > 0 ? `${script} -- ${args.join(" ")}` : script;
}

// Ctrl-C: the benchmark running gets it (it is in a process group of its own, see below), and
// no other one starts.
let current: number | undefined;
let interrupted = false;
process.on("SIGINT", () => {
  interrupted = true;
  if (current) process.kill(-current, "SIGINT");
});

/** Runs one benchmark to completion (or its time limit); its output goes to ours. */
function runChild(
  script: string,
  args: string[],
  resultFile: string,
  limitMs: number,
): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(
      path.join(root, "node_modules/.bin/tsx"),
      [path.join("bench", `${script}.ts`), ...args],
      {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, BENCH_RESULT_FILE: resultFile },
        // Its own process group: on timeout the benchmark's own children (the app, Chromium) go too.
        detached: true,
      },
    );
    current = child.pid;
    let timedOut = false;
    let exited = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (!child.pid) return;
      process.kill(-child.pid, "SIGINT");
      // Whatever ignored SIGINT for 30 s is killed.
      setTimeout(
        () => !exited && process.kill(-child.pid!, "SIGKILL"),
        30_000,
      ).unref();
    }, limitMs);
    child.on(
      "error",
      (error) => (
        clearTimeout(timer),
        resolve(`could not start: ${error.message}`)
      ),
    );
    child.on("exit", (code, signal) => {
      exited = true;
      current = undefined;
      clearTimeout(timer);
      if (interrupted) resolve("interrupted");
      else if (timedOut)
        resolve(`timed out after ${Math.round(limitMs / 60_000)} min`);
      else if (code !== 0)
        resolve(signal ? `killed by ${signal}` : `exit code ${code}`);
      else resolve(null);
    });
  });
}

async function main(): Promise<number> {
  const options = parseRunOptions(
    process.argv.slice(2),
    BENCHES.map((b) => b.key),
  );
  const selected = BENCHES.filter(
    (bench) => options.only?.includes(bench.key) ?? true,
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), "tm-bench-results-"));
  const rows: TableRow[] = [];
  try {
    for (const bench of selected) {
      if (interrupted) {
        rows.push(
          failedRow(
            bench.label,
            command(bench, options.quick ? bench.quick : bench.full),
            "not run (interrupted)",
          ),
        );
        continue;
      }
      const args = options.quick ? bench.quick : bench.full;
      const cmd = command(bench, args);
      const resultFile = path.join(dir, `${bench.key}.json`);
      console.log(`\n[bench] ${cmd}`);
      const started = Date.now();
      const failure = await runChild(
        bench.script,
        args,
        resultFile,
        (options.quick ? 10 : 45) * 60_000,
      );
      console.log(
        `[bench] ${bench.key}: ${failure ?? "done"} in ${Math.round((Date.now() - started) / 1000)} s`,
      );
      if (failure) {
        rows.push(failedRow(bench.label, cmd, failure));
        continue;
      }
      if (!existsSync(resultFile)) {
        rows.push(failedRow(bench.label, cmd, "it wrote no result"));
        continue;
      }
      try {
        rows.push(
          ...parseBenchResult(readFileSync(resultFile, "utf8")).rows.map(
            (row) => ({ ...row, command: cmd }),
          ),
        );
      } catch (error) {
        rows.push(
          failedRow(
            bench.label,
            cmd,
            `its result is malformed (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
          ),
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const summary = renderSummary(rows, {
    date: new Date().toISOString().slice(0, 10),
    cores: os.availableParallelism(),
    node: process.version,
    quick: options.quick,
  });
  console.log(`\n${summary}\n`);
  if (options.write && !interrupted) {
    writeFileSync(DOC, replaceSummary(readFileSync(DOC, "utf8"), summary));
    console.log(
      `[bench] the table in ${path.relative(root, DOC)} is rewritten`,
    );
  } else {
    const why = interrupted
      ? "interrupted"
      : options.quick
        ? "--quick"
        : options.only
          ? "--only"
          : "--no-write";
    console.log(`[bench] ${path.relative(root, DOC)} left alone (${why})`);
  }
  const failed = rows.filter((row) => row.failed).map((row) => row.name);
  if (failed.length > 0) console.log(`[bench] failed: ${failed.join(", ")}`);
  return failed.length > 0 ? 1 : 0;
}

process.exit(await main());
