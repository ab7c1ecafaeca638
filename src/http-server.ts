import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Application } from "express";
import type { Logger } from "./logger.ts";

export interface HealthCheck {
  name: string;
  /**
   * A critical check (the database) makes `/healthz` return 503 when it fails, so a load balancer
   * stops sending traffic. A platform check only reports, because restarting the bot does not fix Slack.
   */
  critical: boolean;
  check: () => Promise<boolean>;
}

/** Largest request body any route accepts; Slack's own payloads stay far below it. */
export const maxRequestBytes = 1024 * 1024;

/**
 * Creates the one HTTP app that every adapter mounts its routes on, with `GET /healthz`.
 * `healthChecks` is read at each request, so adapters created later can add theirs. A request that announces a
 * body over `maxRequestBytes` gets 413 before any route reads it, and while the bot shuts down
 * new requests get 503, so Slack retries them on another process.
 */
export function createHttpApp(healthChecks: HealthCheck[], isDraining = () => false): Application {
  const app = express();
  app.disable("x-powered-by");
  app.use((request, response, next) => {
    if (isDraining()) {
      response.set("connection", "close").status(503).json({ status: "shutting down" });
      return;
    }
    if (Number(request.headers["content-length"] ?? 0) > maxRequestBytes) {
      response.set("connection", "close").status(413).json({ error: "request body too large" });
      return;
    }
    next();
  });
  app.get("/healthz", async (_request, response) => {
    const results = await Promise.all(
      healthChecks.map(async (entry) => ({
        entry,
        ok: await entry.check().catch(() => false),
      })),
    );
    const criticalFailed = results.some((result) => result.entry.critical && !result.ok);
    const anyFailed = results.some((result) => !result.ok);
    let status = "ok";
    if (anyFailed) status = "degraded";
    if (criticalFailed) status = "failing";
    response.status(criticalFailed ? 503 : 200).json({
      status,
      checks: Object.fromEntries(
        results.map((result) => [result.entry.name, result.ok ? "ok" : "failing"]),
      ),
    });
  });
  return app;
}

/** Listens and resolves once the port is bound; port 0 picks a free one. */
export async function listen(
  app: Application,
  port: number,
  host: string,
  logger: Logger,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) {
        reject(error);
        return;
      }
      const address = server.address() as AddressInfo;
      logger.info({ host: address.address, port: address.port }, "HTTP server listening");
      resolve(server);
    });
  });
}

/** Stops accepting connections and closes idle keep-alive ones; resolves when all are closed. */
export async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
