#!/usr/bin/env node
// Idempotent set-up shared by `npm start` and `npm test`: installs what is missing and
// nothing more. Plain Node (no dependencies), because it runs before node_modules exists.
//   node scripts/ensure.mjs            → npm packages
//   node scripts/ensure.mjs --browser  → also Debian's chromium (for the real-browser tests)
import { existsSync, statSync, readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sh = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });

function depsAreStale() {
  const marker = join(root, 'node_modules/.zkml-lock-hash');
  if (!existsSync(join(root, 'node_modules')) || !existsSync(marker)) return true;
  const want = createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');
  return readFileSync(marker, 'utf8').trim() !== want;
}

if (depsAreStale()) {
  console.log('[ensure] installing npm packages (npm ci)…');
  sh('npm ci --no-audit --no-fund');
  const want = createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');
  (await import('node:fs')).writeFileSync(join(root, 'node_modules/.zkml-lock-hash'), want + '\n');
}

if (process.argv.includes('--browser')) {
  const chromium = '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    const root_ = typeof process.getuid === 'function' && process.getuid() === 0;
    const sudo = root_ ? '' : 'sudo ';
    console.log('[ensure] installing Debian chromium for the real-browser tests…');
    try {
      sh(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null`);
    } catch {
      console.error('[ensure] could not install chromium with apt-get; browser tests will report themselves as skipped');
    }
  }
  if (existsSync(chromium)) void statSync(chromium);
}
