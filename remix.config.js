/** Remix's classic compiler (esbuild). @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  appDirectory: "app",
  serverModuleFormat: "esm",
  // Polaris' locale JSON is imported by routes; bundle it rather than import JSON at runtime.
  serverDependenciesToBundle: [/^@shopify\/polaris\/locales\//],
  dev: { port: Number(process.env.HMR_SERVER_PORT) || 8002 },
  future: {
    v3_fetcherPersist: true,
    v3_lazyRouteDiscovery: true,
    v3_relativeSplatPath: true,
    v3_singleFetch: true,
    v3_throwAbortReason: true,
  },
};
