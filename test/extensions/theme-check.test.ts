// Shopify's own theme check (`shopify theme check`, @shopify/cli 4.8.2, offline) on the theme app
// extension: the CLI picks the theme-app-extension checks because the folder holds
// shopify.extension.toml. Any offense fails the test and is printed.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const extension = "extensions/trigger-map-theme";

interface Offense {
  check: string;
  severity: string;
  message: string;
  start_row: number;
  start_column: number;
}
interface FileReport {
  path: string;
  offenses: Offense[];
}

async function themeCheck(): Promise<FileReport[]> {
  // Exit code 1 means offenses; the JSON report is on stdout either way.
  const result = await promisify(execFile)(
    process.execPath,
    [
      path.join(root, "node_modules/@shopify/cli/bin/run.js"),
      "theme",
      "check",
      "--path",
      extension,
      "--output",
      "json",
    ],
    {
      cwd: root,
      env: { ...process.env, SHOPIFY_CLI_NO_ANALYTICS: "1", NO_COLOR: "1" },
      maxBuffer: 16 * 1024 * 1024,
    },
  ).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
    if (error.code === 1 && error.stdout)
      return { stdout: error.stdout, stderr: error.stderr ?? "" };
    throw error;
  });
  const start = result.stdout.indexOf("[");
  if (start < 0)
    throw new Error(
      `theme check printed no JSON report:\n${result.stdout}\n${result.stderr}`,
    );
  return JSON.parse(result.stdout.slice(start)) as FileReport[];
}

describe("theme app extension", () => {
  it("passes `shopify theme check` with no offense", async () => {
    const offenses = (await themeCheck()).flatMap((file) =>
      file.offenses.map(
        (o) =>
          `${path.relative(root, file.path)}:${o.start_row + 1}:${o.start_column + 1} ${o.severity} ${o.check}: ${o.message}`,
      ),
    );
    if (offenses.length)
      console.error(`theme check offenses:\n${offenses.join("\n")}`);
    expect(offenses).toEqual([]);
  }, 60_000);
});
