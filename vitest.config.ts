import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.system.test.ts", "test/**/*.ui.test.ts", "node_modules/**"],
          testTimeout: 20_000,
          // Two cores: forks keep native addons (serialport) isolated per file.
          pool: "forks",
          // The store checks that every write named all it changed (see DurableFileOptions).
          env: { SMSGW_STORE_VERIFY_TOUCHES: "1" },
        },
      },
      {
        test: {
          name: "system",
          include: ["test/**/*.system.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: "forks",
          fileParallelism: false,
          env: { SMSGW_STORE_VERIFY_TOUCHES: "1" },
        },
      },
      {
        test: {
          // The web UI in Debian's Chromium (playwright-core): `npm run test:ui`.
          name: "ui",
          include: ["test/**/*.ui.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: "forks",
          fileParallelism: false,
          env: { SMSGW_STORE_VERIFY_TOUCHES: "1" },
        },
      },
    ],
  },
});
