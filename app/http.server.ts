// `npm start`: the production web server. Like remix-serve, with three differences that matter
// here: its access log never prints query strings (Shopify puts session tokens and HMACs there),
// it stops gracefully, finishing requests in flight, and WEB_CONCURRENCY=n runs n processes
// sharing the port (Node runs JavaScript on one core per process; webhook bursts need them all).
import cluster from "node:cluster";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import compression from "compression";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";

const processes = Math.max(1, Number(process.env.WEB_CONCURRENCY ?? 1) || 1);
const SIGNALS = ["SIGTERM", "SIGINT"] as const;
const DISCARD_LIMIT = 64 * 1024 * 1024;

if (cluster.isPrimary && processes > 1) {
  let stopping = false;
  for (let i = 0; i < processes; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`[web] process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    });
  }
} else {
  await serve();
}

async function serve() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const build = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  // Behind a load balancer, the client's address is in X-Forwarded-For: TRUST_PROXY says how many
  // proxies to believe (Express's "trust proxy"); by default only a local one.
  app.set("trust proxy", process.env.TRUST_PROXY ?? "loopback");
  app.use((req, res, next) => {
    const started = performance.now();
    res.on("finish", () => {
      const ms = (performance.now() - started).toFixed(1);
      console.log(`${req.method} ${req.path} ${res.statusCode} ${ms} ms`);
    });
    next();
  });
  // The commerce webhooks come in bursts (a sale, an import): their handler, the same as the
  // Remix routes', is called directly, without Remix's route matching and response pipeline.
  const ingest = (build.entry.module as { ingestWebhookRequest?: (request: Request) => Promise<Response> }).ingestWebhookRequest;
  if (ingest) {
    app.post(["/webhooks/orders", "/webhooks/checkouts", "/webhooks/carts", "/webhooks/customers"], (req, res, next) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(new URL(req.originalUrl, `http://${req.headers.host ?? "localhost"}`), {
        method: "POST", headers, body: Readable.toWeb(req) as ReadableStream, duplex: "half",
      } as RequestInit);
      ingest(request)
        .then(async (response) => {
          // Refused before its body was read (413): let the sender finish, discarding what it
          // sends, so it reads the answer instead of a broken pipe; a sender that goes on and on
          // is cut off.
          if (!req.complete) {
            let discarded = 0;
            req.on("data", (chunk: Buffer) => {
              discarded += chunk.length;
              if (discarded > DISCARD_LIMIT) req.destroy();
            });
            req.resume();
          }
          res.status(response.status);
          response.headers.forEach((value, name) => res.setHeader(name, value));
          res.end(Buffer.from(await response.arrayBuffer()));
        })
        .catch(next);
    });
  }
  app.use(compression());
  app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext: (req) => ({ clientIp: req.ip }) }));

  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const server = app.listen(port, host, () => console.log(`[web] listening on http://${host}:${port}`));

  for (const signal of SIGNALS) {
    process.once(signal, () => {
      console.log(`[web] ${signal}: finishing requests in flight`);
      server.close(() => process.exit(0));
      server.closeIdleConnections();
    });
  }
}
