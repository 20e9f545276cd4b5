// The layers of app/ and the directions imports may take (docs/ARCHITECTURE.md, "Layers"):
// routes → the admin's domain (admin) → domain services (events, runs, storefront, deliveries, …)
// → the shop's own records (shops) and adapters (channels, security, shopify, http, outbound, db)
// → the pure domain (scenarios).
// `npm run lint` runs it; test/scripts/dependency-rules.test.ts shows it failing.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "No modules import each other in a circle, type imports included: a cycle of types is " +
        "still a knot a reader has to untie (shared types get a module of their own).",
      from: { path: "^app/" },
      to: { circular: true },
    },
    {
      name: "scenarios-pure",
      severity: "error",
      comment:
        "The domain (app/scenarios) does no I/O: no *.server modules, no routes, no database.",
      from: { path: "^app/scenarios/" },
      to: {
        path: [
          "\\.server\\.tsx?$",
          "^app/routes/",
          "^app/db",
          "(^|/)node_modules/(@prisma|\\.prisma)/",
        ],
      },
    },
    {
      name: "scenarios-shared-helpers-only",
      severity: "error",
      comment:
        "Of the rest of app/, the domain uses only pure shared helpers (ui words, safe URLs, " +
        "normalized events and the engine's inputs).",
      from: { path: "^app/scenarios/" },
      to: {
        path: "^app/",
        pathNot:
          "^app/(scenarios/|ui/|security/safe-url\\.ts$|events/(normalize|engine-inputs)\\.ts$)",
      },
    },
    {
      name: "adapters-stay-low",
      severity: "error",
      comment:
        "Adapters (outside services, security, HTTP helpers, the database, the job queue) do not " +
        "call back up into the services that use them.",
      from: {
        path: "^app/(channels|security|shopify|http|outbound|db|jobs)/|^app/db\\.server\\.ts$",
        // The job handlers are where the worker wires the services to the queue.
        pathNot: "^app/jobs/handlers\\.server\\.ts$",
      },
      to: {
        path: "^app/(admin|runs|events|storefront|deliveries|privacy|analytics|webhooks|routes)/",
      },
    },
    {
      name: "shops-stay-low",
      severity: "error",
      comment:
        "app/shops is the shop's own records (install, session, secrets, settings, web pixel), read " +
        "by the channels and every service: it imports only the database, the logger and adapters.",
      from: { path: "^app/shops/" },
      to: {
        path: "^app/",
        pathNot:
          "^app/(shops|security|shopify|db)/|^app/(db|logger)\\.server\\.ts$|^app/api-version\\.ts$",
      },
    },
    {
      name: "admin-only-from-routes",
      severity: "error",
      comment:
        "app/admin is what the embedded admin's pages read and do: only routes (and the admin's " +
        "own modules and components) use it.",
      from: { pathNot: "^app/(routes|admin|ui)/" },
      to: { path: "^app/admin/" },
    },
    {
      name: "no-importing-routes",
      severity: "error",
      comment:
        "Nothing imports a route (a component may type a route's response: type-only is allowed).",
      from: { pathNot: "^app/routes/" },
      to: { path: "^app/routes/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "runner-not-called-back",
      severity: "error",
      comment:
        "The runner sits above the deliveries and the storefront: it imports no storefront module, " +
        "and the deliveries read scenario versions through runs/versions.server.ts, not the runner.",
      from: { path: "^app/runs/" },
      to: { path: "^app/(storefront|routes|jobs/handlers)" },
    },
    {
      name: "deliveries-below-runs-and-events",
      severity: "error",
      comment:
        "Deliveries are sent for the runner: they read scenario versions and event types, no more.",
      from: { path: "^app/deliveries/" },
      to: {
        path: "^app/(runs|events)/",
        pathNot:
          "^app/runs/versions\\.server\\.ts$|^app/events/(normalize|event-log)\\.ts$",
      },
    },
    {
      name: "storefront-one-way-into-runner",
      severity: "error",
      comment:
        "The storefront moves a run on through one call of the runner (on-site.server.ts calls " +
        "runAfterOnSiteMessage) and is handed the event log rather than importing the pipeline.",
      from: {
        path: "^app/storefront/",
        pathNot: "^app/storefront/on-site\\.server\\.ts$",
      },
      to: {
        path: "^app/runs/",
        pathNot: "^app/runs/versions\\.server\\.ts$",
      },
    },
    {
      name: "storefront-not-into-event-pipeline",
      severity: "error",
      from: { path: "^app/storefront/" },
      to: { path: "^app/events/(ingest|process)\\.server\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "(^|/)node_modules/" },
    // Tests import freely across layers; the rules are about the running app.
    exclude: { path: "\\.test\\.tsx?$" },
    // Sees `import type` too (marked type-only), so layer rules cover types as well.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs"] },
  },
};
