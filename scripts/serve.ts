// Entry point of the web process (the worker's is workers/main.ts).
// Express serves static assets and hands every other request to Remix; in development the
// Vite dev server is mounted instead of the production build.
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { describeEnv, getEnv } from "~/config/env.server";
import { CLIENT_ADDRESS_HEADER } from "~/auth/request.server";
import { projectRoot } from "./services/paths";

const env = getEnv();
const development = env.NODE_ENV === "development";
const log = (message: string, extra?: unknown) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), process: "web", message, ...(extra ? { extra } : {}) }));

const viteDevServer = development
  ? await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined;

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", env.TRUST_PROXY);
app.use(compression());

// The client address reaches Remix in a header only this server sets (throttling, audit log).
app.use((request, _response, next) => {
  request.headers[CLIENT_ADDRESS_HEADER] = request.ip ?? "unknown";
  next();
});

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  const client = path.join(projectRoot, "build", "client");
  app.use("/assets", express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(client, { maxAge: "1h" }));
}

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
  : ((await import(path.join(projectRoot, "build", "server", "index.js"))) as ServerBuild);

app.all("*", createRequestHandler({ build, mode: env.NODE_ENV }));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const server = app.listen(port, host, () => log("listening", { url: env.APP_URL, port, host, config: describeEnv(env) }));
// Only the idle wait between requests; `server.close()` still ends idle connections at once on shutdown.
server.keepAliveTimeout = env.HTTP_KEEP_ALIVE_SECONDS * 1000;

function shutdown(signal: string) {
  log("stopping", { signal });
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
