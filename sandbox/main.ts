// `npm run sandbox`: the whole app on this machine, with no Shopify. Starts the Shopify double,
// the built app, a worker on SQLite with a seeded demo shop and an mailbox for its email, then
// prints the URLs.
// Everything binds to 127.0.0.1; production refuses to run it.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb } from "../app/db.server";
import {
  activateTemplates,
  DEMO_HISTORY,
  DEMO_SCENARIOS,
  installDemoShop,
} from "./demo";
import { startSandbox } from "./sandbox";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

if (process.env.NODE_ENV === "production") {
  console.error(
    "The sandbox imitates Shopify and must not run with NODE_ENV=production.",
  );
  process.exit(1);
}

execFileSync(path.join(root, "node_modules/.bin/remix"), ["build"], {
  cwd: root,
  stdio: "inherit",
});
const port = Number(process.env.SANDBOX_PORT ?? 8080);
const databaseUrl =
  process.env.SANDBOX_DATABASE_URL ?? "file:./prisma/sandbox.sqlite";
const sandbox = await startSandbox({
  port,
  // A stable admin URL from run to run.
  doublePort: port + 1,
  databaseUrl,
  log: (line) => console.log(line),
  mailbox: true,
});

// The double starts empty each time (its tokens and metafields die with it), so the demo shop is
// installed afresh, which republishes its storefront rules; a first run also turns on a few
// scenarios, so the storefront shows something.
const db = createDb(databaseUrl);
// A modest past for the demo shop, which the install imports (once per database) in the worker.
sandbox.double.admin.seedHistory(sandbox.shop, DEMO_HISTORY);
await db.session.deleteMany({ where: { shop: sandbox.shop } });
const shopId = await installDemoShop({
  double: sandbox.double,
  shop: sandbox.shop,
  db,
});
if ((await db.scenario.count({ where: { shopId } })) === 0)
  await activateTemplates(
    db,
    sandbox.double,
    sandbox.shop,
    shopId,
    DEMO_SCENARIOS,
  );
await db.$disconnect();

console.log(`
Trigger Map sandbox is running (Ctrl+C to stop)

  Admin (open this)  ${sandbox.adminUrl}
  Storefront         ${sandbox.storefrontUrl}
  Email mailbox      ${sandbox.mailboxUrl}
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
