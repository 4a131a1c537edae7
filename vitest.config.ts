// Node-side tests (core, circuits, cli). Deliberately without vite-plugin-solid, which would
// switch vitest to jsdom with browser builds; the browser is tested in real Chromium instead.
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The heaviest files, longest first (minutes on 2 cores). They start before everything else so that
 * the two workers end together: vitest's own order puts files it has no timings for (every file in a
 * clean clone, as in CI) largest-in-bytes first, which started the short-sourced but longest-running
 * fixture test last and left one worker idle for minutes at the end.
 */
export const HEAVY_FIRST = [
  'tests/integration/fixtures.test.ts',
  'tests/integration/mnist-cli.test.ts',
  'src/circuits/batch-opening.test.ts',
  'cli/cli.test.ts',
  'src/zk/dev-setup.test.ts',
  'src/chain/bounty.test.ts',
  'scripts/start.test.ts',
  'src/circuits/reveal-test-set.test.ts',
  'cli/handover.test.ts',
];

class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification): number => {
      const i = HEAVY_FIRST.findIndex((h) => f.moduleId.endsWith(`/${h}`));
      return i < 0 ? HEAVY_FIRST.length : i;
    };
    // Array.prototype.sort is stable: the rest keeps vitest's order (failed, then longest, then largest)
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'cli/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/integration/**/*.test.ts', 'contracts/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: HeavyFirstSequencer },
  },
});
