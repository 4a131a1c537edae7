// Real-browser tests: the built app served from dist/ on 127.0.0.1, driven in Debian's
// Chromium through playwright-core. Runs in Node (no jsdom, no vite-plugin-solid).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
