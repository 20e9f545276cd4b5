#!/usr/bin/env node
// Before `npm test`: what the suite needs from the machine. A missing Chromium or redis-server is
// installed with Debian's apt-get when we are root and have it; anything else missing stops the
// run at once with one line saying what to do, instead of a hang or a launcher's stack trace.
import { spawnSync } from "node:child_process";
import { accessSync, appendFileSync, constants, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import pg from "pg";
import { requireRecentNode } from "./node-version.mjs";
import { testPostgresUrl } from "./test-postgres-url.mjs";

const APT_TIMEOUT_MS = 15 * 60_000;

function fail(line) {
  console.error(line);
  process.exit(1);
}

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const onPath = (command) =>
  (process.env.PATH ?? "")
    .split(delimiter)
    .some((dir) => dir && executable(join(dir, command)));

/** Installs a Debian package when we may; else, or when it fails, the one line `missing`. */
function aptInstall(pkg, missing) {
  const root = process.getuid?.() === 0;
  if (!root || !onPath("apt-get")) fail(missing);
  const logFile = join(mkdtempSync(join(tmpdir(), "tm-apt-")), "apt.log");
  console.log(
    `Installing Debian's ${pkg} with apt-get, once (log: ${logFile})…`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", pkg],
  ]) {
    const run = spawnSync("apt-get", args, {
      env,
      timeout: APT_TIMEOUT_MS,
      encoding: "utf8",
    });
    appendFileSync(
      logFile,
      `${run.stdout ?? ""}${run.stderr ?? ""}${run.error ? String(run.error) : ""}`,
    );
    if (run.status !== 0)
      fail(`${missing} (apt-get ${args[0]} failed: see ${logFile})`);
  }
}

function chromium() {
  const configured = process.env.CHROMIUM_PATH;
  const path = configured || "/usr/bin/chromium";
  if (executable(path)) return path;
  if (configured)
    fail(
      `The browser tests need Chromium, and CHROMIUM_PATH (${configured}) is not an executable: point it at Chromium, or unset it to use /usr/bin/chromium.`,
    );
  aptInstall(
    "chromium",
    "The browser tests need Chromium at /usr/bin/chromium: install Debian's chromium (apt-get install chromium), or set CHROMIUM_PATH to a Chromium.",
  );
  if (!executable(path))
    fail(
      "apt-get installed chromium, yet /usr/bin/chromium is missing: set CHROMIUM_PATH to a Chromium.",
    );
  return path;
}

function redisServer() {
  if (onPath("redis-server")) return;
  aptInstall(
    "redis-server",
    "The tests start their own Redis and need redis-server on PATH: install Debian's redis-server (apt-get install redis-server).",
  );
}

/** The URL without its password, for messages. */
function shown(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(not a URL)";
  }
}

async function postgres() {
  const url = testPostgresUrl();
  const where = `${shown(url)} (TEST_POSTGRES_URL${process.env.TEST_POSTGRES_URL ? "" : ", unset: the default"})`;
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5_000,
    query_timeout: 5_000,
  });
  client.on("error", () => {});
  let mayCreate;
  try {
    await client.connect();
    const { rows } = await client.query(
      "SELECT rolsuper OR rolcreatedb AS may FROM pg_roles WHERE rolname = current_user",
    );
    mayCreate = rows[0]?.may === true;
  } catch (error) {
    const reason =
      error instanceof Error ? error.message.split("\n")[0] : String(error);
    fail(
      `The tests need PostgreSQL at ${where}, which failed: ${reason || "no answer"}. Start PostgreSQL there, or set TEST_POSTGRES_URL to a server whose role may create databases.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  if (!mayCreate)
    fail(
      `The tests create databases, and the role of ${where} may not: grant it CREATEDB, or set TEST_POSTGRES_URL to another role.`,
    );
  return shown(url);
}

requireRecentNode();
const browser = chromium();
redisServer();
const database = await postgres();
console.log(
  `Tests on Node ${process.version}, Chromium ${browser}, redis-server, PostgreSQL ${database}`,
);
