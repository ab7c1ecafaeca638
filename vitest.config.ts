import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // PGlite needs about three seconds to start and migrate; PostgreSQL suites add a second database.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
