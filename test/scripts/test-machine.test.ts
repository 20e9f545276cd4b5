// `npm test` on a machine that lacks something says so in one line, at once: no hang, no stack trace.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nodeIsRecentEnough } from "../../scripts/node-version.mjs";

const script = path.resolve(
  import.meta.dirname,
  "../../scripts/test-machine.mjs",
);

function check(env: Record<string, string>) {
  const run = spawnSync(process.execPath, [script], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return {
    status: run.status,
    stdout: run.stdout,
    lines: run.stderr.trim().split("\n"),
  };
}

describe("the test machine check", () => {
  it("names CHROMIUM_PATH in one line when it points at no browser", () => {
    const { status, lines } = check({ CHROMIUM_PATH: "/nowhere/chromium" });
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("CHROMIUM_PATH (/nowhere/chromium)");
  });

  it("names TEST_POSTGRES_URL in one line when PostgreSQL does not answer, without its password", () => {
    const { status, lines } = check({
      TEST_POSTGRES_URL: "postgresql://postgres:hunter2@127.0.0.1:1/postgres",
    });
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^The tests need PostgreSQL at postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/postgres \(TEST_POSTGRES_URL\)/,
    );
    expect(lines[0]).not.toContain("hunter2");
  });

  it("passes on this machine and says what the tests run on", () => {
    const { status, stdout } = check({});
    expect(status).toBe(0);
    expect(stdout).toContain(`Tests on Node ${process.version}`);
  });

  it("takes Node 22.12 and later, and refuses the older Nodes that crash in better-sqlite3", () => {
    expect(
      ["20.20.2", "22.11.0", "18.20.0"].map((v) => nodeIsRecentEnough(v)),
    ).toEqual([false, false, false]);
    expect(
      ["22.12.0", "24.21.0", "26.0.0"].map((v) => nodeIsRecentEnough(v)),
    ).toEqual([true, true, true]);
  });
});
