import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: [
      "app/**/*.test.ts",
      "app/**/*.test.tsx",
      "test/**/*.test.ts",
      "sandbox/**/*.test.ts",
      "extensions/**/*.test.ts",
    ],
    // Suites start real servers and databases: give them room, and run files in forks.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    globalSetup: ["test/support/global-setup.ts"],
    // The tests' SMTP servers listen on 127.0.0.1, as the sandbox's mailbox does: the operator's
    // setting that allows private hosts is on (the app's processes the tests start inherit it);
    // the tests of the rule itself turn it off (app/channels/email/smtp-host.server.test.ts).
    env: { TRIGGER_MAP_ALLOW_PRIVATE_HOSTS: "1" },
  },
});
