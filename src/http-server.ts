import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Application } from "express";
import type { Logger } from "./logger.ts";

export interface HealthCheck {
  name: string;
  check: () => Promise<boolean>;
}

/** Creates the one HTTP app that every adapter mounts its routes on, with `GET /healthz`. */
export function createHttpApp(healthChecks: HealthCheck[]): Application {
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", async (_request, response) => {
    const results = await Promise.all(
      healthChecks.map(
        async (entry) => [entry.name, await entry.check().catch(() => false)] as const,
      ),
    );
    const healthy = results.every(([, ok]) => ok);
    response.status(healthy ? 200 : 503).json({
      status: healthy ? "ok" : "degraded",
      checks: Object.fromEntries(results.map(([name, ok]) => [name, ok ? "ok" : "failing"])),
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

export async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
