import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

describe("npm run sandbox", () => {
  it("refuses to start with NODE_ENV=production", () => {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "sandbox/main.ts"],
      {
        cwd: root,
        env: { ...process.env, NODE_ENV: "production" },
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("must not run with NODE_ENV=production");
  });
});
