#!/usr/bin/env node
// `npm test`: install what is missing, run every test suite, and end with one plain line
// "N passed, N failed[, N skipped]" that CI reads.
import { spawn, spawnSync } from 'node:child_process';
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

// One vite build for both suites: the node suite's `npm start` test (ZKML_START_DIST) and the browser
// suite (ZKML_DIST; its global setup skips its own build when ZKML_DIST_BUILT names that folder) serve
// the same files, which each built for itself before (about a minute of the 2 cores each).
if (!process.env.ZKML_DIST && !process.env.ZKML_START_DIST) {
  const dist = join(outDir, 'dist');
  const b = run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir']);
  if (b.status === 0) Object.assign(process.env, { ZKML_DIST: dist, ZKML_START_DIST: dist, ZKML_DIST_BUILT: dist });
  else console.error('[test] vite build failed; each suite builds for itself');
}
// ZKML_TEST_PARALLEL=1 runs the two suites at the same time, each line of output prefixed with its suite's
// name. Not the default: whether the browser suite (one file at a time, much of it waiting on Chromium) leaves
// enough of the 2 cores idle for this to pay has not been measured on an idle machine yet.
const serial = process.env.ZKML_TEST_PARALLEL !== '1' || suites.length < 2;

function runSuite(s) {
  const args = ['vitest', 'run', '--config', s.config, '--reporter=default', '--reporter=json', `--outputFile.json=${s.json}`, ...process.argv.slice(2)];
  if (serial) return Promise.resolve(run('npx', args).status);
  return new Promise((resolve) => {
    const child = spawn('npx', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = (stream, out) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop();
        for (const l of lines) out.write(`[${s.name}] ${l}\n`);
      });
      stream.on('end', () => { if (rest) out.write(`[${s.name}] ${rest}\n`); });
    };
    prefix(child.stdout, process.stdout);
    prefix(child.stderr, process.stderr);
    child.on('error', (e) => { console.error(`[test] ${s.name} suite did not start: ${e.message}`); resolve(null); });
    child.on('close', (code) => resolve(code));
  });
}

for (const s of suites) { s.json = join(outDir, `${s.name}.json`); rmSync(s.json, { force: true }); }
const statuses = [];
if (serial) for (const s of suites) statuses.push(await runSuite(s));
else statuses.push(...await Promise.all(suites.map(runSuite)));
suites.forEach((s, i) => {
  const status = statuses[i];
  if (!existsSync(s.json)) { failed += 1; console.error(`[test] ${s.name} suite produced no report (exit ${status})`); return; }
  const rep = JSON.parse(readFileSync(s.json, 'utf8'));
  passed += rep.numPassedTests;
  failed += rep.numFailedTests + (rep.numFailedTestSuites ?? 0);
  skipped += (rep.numPendingTests ?? 0) + (rep.numTodoTests ?? 0);
  if (status !== 0 && rep.numFailedTests === 0 && !rep.numFailedTestSuites) failed += 1;
});
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
