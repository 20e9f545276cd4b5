// `npm run lint` fails on a new import cycle or an import against the layers: the project's
// .dependency-cruiser.cjs run on small trees written to a temporary directory.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const config = path.join(root, ".dependency-cruiser.cjs");
const depcruise = path.join(
  root,
  "node_modules/dependency-cruiser/bin/dependency-cruiser.mjs",
);

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs depcruise as `npm run lint` does, on a tree of files (path → source) under app/. */
function cruise(files: Record<string, string>) {
  dir = mkdtempSync(path.join(tmpdir(), "dependency-rules-"));
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }
  const run = spawnSync(
    process.execPath,
    [depcruise, "app", "--config", config],
    { cwd: dir, encoding: "utf8", timeout: 60_000 },
  );
  return { status: run.status, output: run.stdout + run.stderr };
}

describe("the dependency rules", () => {
  it("pass a tree that imports downwards only", () => {
    const { status, output } = cruise({
      "app/runs/runner.server.ts": `import { send } from "../deliveries/send.server";\nexport const run = () => send();\n`,
      "app/deliveries/send.server.ts": `import { definitionOf } from "../runs/versions.server";\nexport const send = () => definitionOf();\n`,
      "app/runs/versions.server.ts": `export const definitionOf = () => 1;\n`,
    });
    expect(output).toContain("no dependency violations");
    expect(status).toBe(0);
  });

  it("fail on an import cycle, naming no-circular", () => {
    const { status, output } = cruise({
      "app/runs/runner.server.ts": `import { send } from "../deliveries/send.server";\nexport const run = () => send();\nexport const definitionOf = () => 1;\n`,
      "app/deliveries/send.server.ts": `import { definitionOf } from "../runs/runner.server";\nexport const send = () => definitionOf();\n`,
    });
    expect(status).not.toBe(0);
    expect(output).toContain("no-circular");
  });

  it("fail on a cycle made only through type imports too", () => {
    const { status, output } = cruise({
      "app/channels/render.ts": `import { text } from "./text";\nexport interface Block { kind: string }\nexport const render = () => text([]);\n`,
      "app/channels/text.ts": `import type { Block } from "./render";\nexport const text = (blocks: Block[]) => blocks.length;\n`,
    });
    expect(status).not.toBe(0);
    expect(output).toContain("no-circular");
  });

  it("fail when the shop's records import a service above them", () => {
    const { status, output } = cruise({
      "app/shops/settings.ts": `import { run } from "../runs/runner.server";\nexport const settings = () => run();\n`,
      "app/runs/runner.server.ts": `export const run = () => 1;\n`,
    });
    expect(status).not.toBe(0);
    expect(output).toContain("shops-stay-low");
  });

  it("fail when a service imports the admin's domain", () => {
    const { status, output } = cruise({
      "app/events/process.server.ts": `import { dashboard } from "../admin/dashboard.server";\nexport const process = () => dashboard();\n`,
      "app/admin/dashboard.server.ts": `export const dashboard = () => 1;\n`,
    });
    expect(status).not.toBe(0);
    expect(output).toContain("admin-only-from-routes");
  });

  it("fail when an adapter imports a layer above it", () => {
    const { status, output } = cruise({
      "app/channels/push.server.ts": `import { run } from "../runs/runner.server";\nexport const push = () => run();\n`,
      "app/runs/runner.server.ts": `export const run = () => 1;\n`,
    });
    expect(status).not.toBe(0);
    expect(output).toContain("adapters-stay-low");
  });

  it("fail when the domain imports a server module", () => {
    const { status, output } = cruise({
      "app/scenarios/engine/decide.ts": `import { db } from "../../db.server";\nexport const decide = () => db;\n`,
      "app/db.server.ts": `export const db = 1;\n`,
    });
    expect(status).not.toBe(0);
    expect(output).toContain("scenarios-pure");
  });
});
