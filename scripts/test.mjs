#!/usr/bin/env node
// `npm test`: install what is missing, run every test suite, and end with one plain line
// "N passed, N failed[, N skipped]" that CI reads.
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, rmSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

if (run(process.execPath, ['scripts/ensure.mjs', '--browser']).status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const outDir = join(root, 'node_modules/.cache/zkml-test');
mkdirSync(outDir, { recursive: true });
const suites = [
  { name: 'node', config: 'vitest.config.ts' },
  ...(existsSync(join(root, 'vitest.browser.config.ts')) ? [{ name: 'browser', config: 'vitest.browser.config.ts' }] : []),
];
let passed = 0, failed = 0, skipped = 0;
for (const s of suites) {
  const json = join(outDir, `${s.name}.json`);
  rmSync(json, { force: true });
  const r = run('npx', ['vitest', 'run', '--config', s.config, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`, ...process.argv.slice(2)]);
  if (!existsSync(json)) { failed += 1; console.error(`[test] ${s.name} suite produced no report (exit ${r.status})`); continue; }
  const rep = JSON.parse(readFileSync(json, 'utf8'));
  passed += rep.numPassedTests;
  failed += rep.numFailedTests + (rep.numFailedTestSuites ?? 0);
  skipped += (rep.numPendingTests ?? 0) + (rep.numTodoTests ?? 0);
  if (r.status !== 0 && rep.numFailedTests === 0 && !rep.numFailedTestSuites) failed += 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
