/**
 * Generate DEVELOPMENT powers-of-tau files (NOT FOR VALUE: the secret is derived from a public
 * seed, see circuits-prebuilt/dev-ptau/README.md).
 *
 *   npx tsx scripts/dev-ptau.ts <power>[,<power>…|<from>-<to>] [out]
 *
 * Powers 8..12 go to circuits-prebuilt/dev-ptau/pot<power>_dev.ptau (committed), others to the
 * git-ignored cache .cache/ptau/. `out` (a file, only with a single power) overrides that.
 */
import * as path from 'node:path';
import { defaultDevPtauPath, writeDevPtau } from '../src/zk/dev-ptau-node.js';
import { DEV_PTAU_MAX_POWER } from '../src/zk/dev-ptau.js';

function parsePowers(spec: string): number[] {
  const powers: number[] = [];
  for (const part of spec.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new Error(`bad power: ${part}`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let p = from; p <= to; p++) powers.push(p);
  }
  for (const p of powers) {
    if (p < 1 || p > DEV_PTAU_MAX_POWER) throw new Error(`power ${p} out of range 1..${DEV_PTAU_MAX_POWER}`);
  }
  return powers;
}

async function main(): Promise<void> {
  const [spec, out] = process.argv.slice(2);
  if (!spec) {
    console.error('usage: npx tsx scripts/dev-ptau.ts <power>[,<power>…|<from>-<to>] [out]');
    process.exit(2);
  }
  const powers = parsePowers(spec);
  if (out && powers.length !== 1) throw new Error('an output file can only be given for a single power');
  for (const power of powers) {
    const file = out ? path.resolve(out) : defaultDevPtauPath(power);
    console.log(`dev-ptau 2^${power} -> ${path.relative(process.cwd(), file)} (DEVELOPMENT SETUP, NOT FOR VALUE)`);
    const t0 = performance.now();
    await writeDevPtau(power, file, { log: (m) => console.log(`  ${m}`) });
    console.log(`dev-ptau 2^${power}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
