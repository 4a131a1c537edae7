/**
 * `zkml setup <dir> [--ptau FILE] [--scheme groth16|plonk|fflonk]`: circuit.r1cs + a ptau →
 * circuit.zkey, verification_key.json and setup.json (scheme, ptau, r1cs hash).
 *
 * Without --ptau the DEVELOPMENT ptau is used (its secret is public: anyone can forge proofs, so
 * NOT FOR VALUE) when the circuit needs a power ≤ the dev limit (17 unless configured); beyond
 * that the user must bring a public Powers of Tau ceremony file, and the error says which.
 * Groth16 development keys are computed directly from that public secret (src/zk/dev-setup.ts):
 * byte-identical to snarkjs's new zkey from the development ptau file followed by `zkey beacon`
 * with the public development beacon (DEV_BEACON_HASH), in a fraction of the time. The beacon
 * makes δ ≠ γ, so an on-chain registry accepts the key; being public, it protects nothing.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { setup, devSetup, readR1csCounts, type SetupProgress } from '../../src/zk/setup.js';
import { DEV_BEACON_HASH, DEV_BEACON_ITERATIONS_EXP } from '../../src/zk/dev-setup.js';
import {
  type Scheme, type PowerRequirement, SCHEMES, PtauError, readPtauHeader, assertPtauFits,
  powerRequirement, powerRequirementForR1cs, publicPtauFor, PUBLIC_PTAU_FILES,
} from '../../src/zk/ptau.js';
import { parseR1cs } from '../../src/zk/r1cs.js';
import { ensureDevPtau, devPtauFileName } from '../../src/zk/dev-ptau-node.js';
import { needArtifact, readBytes, writeFile, writeJson, artifact } from '../fs.js';
import { type SetupRecord, rel } from '../project.js';
import { type Io, silent, int, stopwatch, seconds } from '../format.js';
import { UsageError } from '../errors.js';
import { removeStale } from './transpile.js';

/** Largest power the development ptau is used for without --ptau (ZKML_DEV_PTAU_MAX_POWER overrides). */
export const DEFAULT_DEV_PTAU_MAX_POWER = 17;
/** Committed development ptau files start at 2^8; smaller circuits use that one. */
const MIN_DEV_POWER = 8;

export interface SetupCommandOptions extends Io {
  dir: string;
  scheme?: Scheme;
  ptau?: string;
  /** largest power for which the development ptau is used (default 17) */
  devPtauMaxPower?: number;
}

export interface SetupCommandResult {
  scheme: Scheme;
  requirement: PowerRequirement;
  ptau: { file: string; power: number; development: boolean };
  ms: number;
  phases: Record<string, number>;
}

function humanBytes(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : n >= 1e6 ? `${Math.round(n / 1e6)} MB` : `${Math.round(n / 1e3)} KB`;
}

const DEV_BANNER = [
  '================================================================================',
  ' DEVELOPMENT SETUP — NOT FOR VALUE. The development ptau\'s secret is public:',
  ' anyone can forge proofs for these keys. For real use, run setup with --ptau and',
  ' a public Powers of Tau ceremony file (e.g. powersOfTau28_hez_final_NN.ptau).',
  '================================================================================',
];

export async function setupCommand(opts: SetupCommandOptions): Promise<SetupCommandResult> {
  const out = opts.print ?? silent, err = opts.progress ?? silent;
  const { dir } = opts;
  const scheme = opts.scheme ?? 'groth16';
  if (!SCHEMES.includes(scheme)) throw new UsageError(`unknown scheme ${JSON.stringify(scheme)}: use ${SCHEMES.join(', ')}`);
  const envMax = process.env.ZKML_DEV_PTAU_MAX_POWER;
  const devMax = opts.devPtauMaxPower ?? (envMax ? Number(envMax) : DEFAULT_DEV_PTAU_MAX_POWER);
  if (!Number.isInteger(devMax) || devMax < 1 || devMax > 27) throw new UsageError(`the development ptau limit must be a power 1..27, got ${devMax}`);

  const r1cs = readBytes(needArtifact(dir, 'r1cs'), 'r1cs');
  const counts = readR1csCounts(r1cs);
  const requirement = scheme === 'groth16'
    ? powerRequirement('groth16', counts.nConstraints, counts.nPublic)
    : powerRequirementForR1cs(scheme, parseR1cs(r1cs));
  err(`setup: ${scheme}, ${int(counts.nConstraints)} constraints + ${counts.nPublic} public signals → needs a ptau of power ≥ ${requirement.power}`);

  const sw = stopwatch('setup', err);
  const phases: Record<string, number> = {};
  let ptauFile: string, development: boolean;
  if (opts.ptau) {
    ptauFile = opts.ptau;
    development = false;
  } else {
    if (requirement.power > devMax) {
      const f = publicPtauFor(requirement.power);
      const where = f
        ? `Download ${f.name} (~${humanBytes(f.approxBytes)}) from ${f.url} (BLAKE2b-512 ${f.blake2b.slice(0, 16)}…) and pass --ptau <file>`
        : `No public ceremony file goes beyond 2^${PUBLIC_PTAU_FILES[PUBLIC_PTAU_FILES.length - 1].power}: the circuit is too large`;
      throw new PtauError(
        `${scheme} needs a ptau of power ≥ ${requirement.power} for ${int(requirement.rows)} rows; the development ptau is only used up to power ${devMax} ` +
          `(raise it with --dev-ptau-max, for development only). ${where}. The files come from the public Hermez Powers of Tau ceremony ` +
          `(54 contributions and a beacon, powers 8..28, https://github.com/iden3/snarkjs#7-prepare-phase-2).`,
        { details: { scheme, needed: requirement.power, devMax, file: f?.name, url: f?.url } },
      );
    }
    for (const l of DEV_BANNER) err(l);
    development = true;
    ptauFile = '';
  }
  const direct = development && scheme === 'groth16';

  const names: Record<string, string> = {
    check: direct ? 'checking the circuit' : 'checking the ptau against the circuit',
    zkey: direct ? 'groth16 phase 2: development keys (public dev-ptau secret + public beacon contribution)' : scheme === 'groth16' ? 'groth16 phase 2: new zkey' : `${scheme} setup`,
    contribute: 'groth16 phase 2: contribution (random entropy)', beacon: 'groth16 phase 2: beacon', vkey: 'exporting the verification key',
  };
  let current = '';
  let lastLog = 0;
  const onProgress = (p: SetupProgress): void => {
    if (p.stage === 'log') {
      // snarkjs's (or the development setup's) own messages, at most one every 3 s (errors always)
      const now = performance.now();
      if (p.message && (/error|fail/i.test(p.message) || now - lastLog > 3000)) { sw.log(`${direct ? 'dev-setup' : 'snarkjs'}: ${p.message.trim()}`); lastLog = now; }
      return;
    }
    if (current) phases[current] = sw.lap();
    current = p.stage;
    if (p.stage !== 'done') sw.log(`${names[p.stage] ?? p.stage}…`);
  };

  let r: { zkey: Uint8Array; vkey: unknown };
  let ptauPower: number;
  if (direct) {
    // The same keys snarkjs makes from pot<power>_dev.ptau, without reading (or generating) that file.
    ptauPower = Math.max(requirement.power, MIN_DEV_POWER);
    ptauFile = devPtauFileName(ptauPower);
    sw.log(`development keys as from ${ptauFile} + zkey beacon ${DEV_BEACON_HASH.slice(0, 16)}… (2^${DEV_BEACON_ITERATIONS_EXP}), computed from the public secrets…`);
    r = await devSetup({ r1cs, power: ptauPower, onProgress });
  } else {
    if (development) {
      const power = Math.max(requirement.power, MIN_DEV_POWER);
      sw.log(`development ptau of power ${power}…`);
      ptauFile = await ensureDevPtau(power, { log: (m) => sw.log(m) });
      phases.ptau = sw.lap();
    }
    sw.log(`reading ${rel(ptauFile)}…`);
    const ptau = readBytes(ptauFile, 'ptau file');
    const header = readPtauHeader(ptau);
    assertPtauFits(header, requirement);
    sw.log(`ptau: power ${header.power}, ${header.curve}${header.nContributions !== undefined ? `, ${header.nContributions} contribution(s)` : ''}${header.contributions?.[0]?.name ? ` (${header.contributions[0].name})` : ''}`);
    phases.read = sw.lap();
    ptauPower = header.power;
    r = await setup({ scheme, r1cs, ptau, onProgress });
  }
  sw.log('keys made');

  removeStale(dir, ['proof', 'public']);
  writeFile(artifact(dir, 'zkey'), r.zkey);
  writeJson(artifact(dir, 'vkey'), r.vkey);
  const record: SetupRecord = {
    scheme,
    // a direct development setup records the development ptau it is equivalent to (no file was read)
    ptau: { file: direct ? ptauFile : path.resolve(ptauFile), power: ptauPower, development },
    requiredPower: requirement.power,
    constraints: counts.nConstraints,
    r1csSha256: createHash('sha256').update(r1cs).digest('hex'),
    createdAt: new Date().toISOString(),
  };
  writeJson(artifact(dir, 'setup'), record);
  const ms = sw.total();

  out(`${scheme} setup with ${direct ? `the DEVELOPMENT secret (as ${ptauFile})` : development ? 'the DEVELOPMENT ptau' : rel(ptauFile)} (power ${ptauPower}; the circuit needs ${requirement.power}) in ${seconds(ms)}`);
  out(`wrote ${rel(artifact(dir, 'zkey'))} (${humanBytes(r.zkey.byteLength)}), ${rel(artifact(dir, 'vkey'))}, ${rel(artifact(dir, 'setup'))}`);
  if (development) out('DEVELOPMENT SETUP — NOT FOR VALUE: anyone can forge proofs for these keys (the ptau secret is public).');
  return { scheme, requirement, ptau: record.ptau, ms, phases };
}
