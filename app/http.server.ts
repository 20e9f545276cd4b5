// `npm start`: the production web server. Like remix-serve, with three differences that matter
// here: its access log never prints query strings (Shopify puts session tokens and HMACs there),
// it stops gracefully, finishing requests in flight, and WEB_CONCURRENCY=n runs n processes
// sharing the port (Node runs JavaScript on one core per process; webhook bursts need them all).
// Its lines, access log included, are JSON (app/logger.server.ts: LOG_LEVEL, redacted). On SIGTERM
// or SIGINT it stops accepting, finishes the requests in flight (webhooks are answered only once
// stored), and exits; requests still running after SHUTDOWN_TIMEOUT_SECONDS (default 10) are cut.
import cluster from "node:cluster";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import compression from "compression";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { captureConsole, configureLogger, logger } from "./logger.server";
import { linkKeysFromEnv } from "./security/link-keys.server";

const processes = Math.max(1, Number(process.env.WEB_CONCURRENCY ?? 1) || 1);
const SIGNALS = ["SIGTERM", "SIGINT"] as const;
const DISCARD_LIMIT = 64 * 1024 * 1024;
const SHUTDOWN_MS = Number(process.env.SHUTDOWN_TIMEOUT_SECONDS ?? 10) * 1000;
const FETCH_FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

configureLogger({ process: "web" });
captureConsole();

// Every link in the emails already sent needs the link keys: without them the process stops here,
// saying what to set, rather than failing each link and each email later.
try {
  linkKeysFromEnv();
} catch (error) {
  logger.error((error as Error).message);
  process.exit(1);
}

if (cluster.isPrimary && processes > 1) {
  let stopping = false;
  for (let i = 0; i < processes; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.error("web process exited: starting another", {
      pid: worker.process.pid,
      exit: signal ?? code,
    });
    cluster.fork();
  });
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {}))
        worker?.process.kill(signal);
    });
  }
} else {
  await serve();
}

async function serve() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const build = (await import(
    pathToFileURL(path.join(root, "build/index.js")).href
  )) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  // Behind a load balancer, the client's address is in X-Forwarded-For: TRUST_PROXY says how many
  // proxies to believe (Express's "trust proxy"); by default only a local one.
  app.set("trust proxy", process.env.TRUST_PROXY ?? "loopback");
  let stopping = false;
  app.use((req, res, next) => {
    const started = performance.now();
    // While stopping, keep-alive clients are told to reconnect (to another process).
    if (stopping) res.setHeader("Connection", "close");
    res.on("finish", () => {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      // req.path: never the query string (session tokens, HMACs).
      logger.info(`${req.method} ${req.path} ${res.statusCode}`, {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms,
      });
    });
    next();
  });
  // Methods the Fetch API refuses to carry would make Remix's request adapter throw (a 500): no
  // route here answers them.
  app.use((req, res, next) => {
    if (!FETCH_FORBIDDEN_METHODS.has(req.method)) return next();
    res
      .status(405)
      .set({ Allow: "GET, HEAD, POST", "Content-Type": "text/plain" })
      .end("Method Not Allowed");
  });
  // The commerce webhooks come in bursts (a sale, an import): their handler, the same as the
  // Remix routes', is called directly, without Remix's route matching and response pipeline.
  const ingest = (
    build.entry.module as {
      ingestWebhookRequest?: (request: Request) => Promise<Response>;
    }
  ).ingestWebhookRequest;
  if (ingest) {
    app.post(
      [
        "/webhooks/orders",
        "/webhooks/refunds",
        "/webhooks/fulfillments",
        "/webhooks/checkouts",
        "/webhooks/carts",
        "/webhooks/customers",
      ],
      (req, res, next) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers))
          if (typeof value === "string") headers.set(name, value);
        const request = new Request(
          new URL(req.originalUrl, `http://${req.headers.host ?? "localhost"}`),
          {
            method: "POST",
            headers,
            body: Readable.toWeb(req) as ReadableStream,
            duplex: "half",
          } as RequestInit,
        );
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
            response.headers.forEach((value, name) =>
              res.setHeader(name, value),
            );
            res.end(Buffer.from(await response.arrayBuffer()));
          })
          .catch(next);
      },
    );
  }
  app.use(compression());
  app.use(
    build.publicPath,
    express.static(build.assetsBuildDirectory, {
      immutable: true,
      maxAge: "1y",
    }),
  );
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV,
      getLoadContext: (req) => ({ clientIp: req.ip }),
    }),
  );

  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const server = app.listen(port, host, () =>
    logger.info(`listening on http://${host}:${port}`, { pid: process.pid }),
  );

  for (const signal of SIGNALS) {
    process.once(signal, () => {
      stopping = true;
      logger.info(`${signal}: finishing requests in flight`, {
        pid: process.pid,
      });
      server.close(() => {
        logger.info("stopped", { pid: process.pid });
        process.exit(0);
      });
      server.closeIdleConnections();
      setTimeout(() => {
        logger.warn(
          "requests still running at the shutdown deadline: cut off",
          {
            pid: process.pid,
            deadlineMs: SHUTDOWN_MS,
          },
        );
        server.closeAllConnections();
        process.exit(1);
      }, SHUTDOWN_MS).unref();
    });
  }
}
