// Node-side tests (core, circuits, cli). Deliberately without vite-plugin-solid, which would
// switch vitest to jsdom with browser builds; the browser is tested in real Chromium instead.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'cli/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/integration/**/*.test.ts', 'contracts/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
