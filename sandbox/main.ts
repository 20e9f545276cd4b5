// `npm run sandbox`: the whole app on this machine, with no Shopify. Starts the Shopify double,
// the built app and a worker on SQLite with a seeded demo shop, then prints the URLs.
// Everything binds to 127.0.0.1; production refuses to run it.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "./sandbox";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

if (process.env.NODE_ENV === "production") {
  console.error("The sandbox imitates Shopify and must not run with NODE_ENV=production.");
  process.exit(1);
}

execFileSync(path.join(root, "node_modules/.bin/remix"), ["build"], { cwd: root, stdio: "inherit" });
const port = Number(process.env.SANDBOX_PORT ?? 8080);
const sandbox = await startSandbox({
  port,
  // A stable admin URL from run to run.
  doublePort: port + 1,
  databaseUrl: process.env.SANDBOX_DATABASE_URL ?? "file:./prisma/sandbox.sqlite",
  log: (line) => console.log(line),
});

console.log(`
Trigger Map sandbox is running (Ctrl+C to stop)

  Admin (open this)  ${sandbox.adminUrl}
  Storefront         ${sandbox.storefrontUrl}
  App                ${sandbox.appUrl}
  Shopify double     ${sandbox.doubleUrl}
  Demo shop          ${sandbox.shop}
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await sandbox.stop();
    process.exit(0);
  });
}
