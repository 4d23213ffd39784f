import { defineConfig } from "vitest/config";

// Interop tests against real daemons (test/daemons/up.sh starts them; `pnpm test:interop`
// runs up.sh, this config, and down.sh for what it started).
export default defineConfig({
  test: {
    include: ["test/interop/**/*.test.ts"],
    globalSetup: ["test/interop/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file talks to its own daemons/mailboxes, so files may overlap; two workers on two
    // cores keeps the daemons responsive.
    fileParallelism: true,
    maxWorkers: 2,
    retry: 0,
  },
});
