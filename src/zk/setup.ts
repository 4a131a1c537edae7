/**
 * Circuit-specific setup over bytes: r1cs + ptau → proving key (zkey) + verification key, for
 * groth16, plonk and fflonk, with snarkjs working on in-memory files. Isomorphic: no Node APIs.
 *
 * Trust: plonk and fflonk are universal, their security rests on the ptau alone. groth16 adds a
 * circuit-specific phase 2; here it gets exactly one contribution (random entropy unless given,
 * mixed by snarkjs with its own randomness and then forgotten) or a public beacon. Either way a
 * zkey is only as sound as the ptau under it: a DEVELOPMENT ptau, whose tau is public (see
 * dev-ptau.ts), lets anyone forge proofs for every scheme. Such keys are for development and
 * tests, never for anything of value; use a public ceremony file (PUBLIC_PTAU_FILES) for that.
 */
import * as snarkjs from 'snarkjs';
import { bn128 } from './curve.js';
import { ZkmlError } from '../core/errors.js';
import { parseR1cs, readR1csHeader, type R1csHeader } from './r1cs.js';
import { devGroth16Setup, readR1csShape, DEV_SETUP_LABEL } from './dev-setup.js';
import {
  type Scheme, type PowerRequirement, type PtauHeader,
  readPtauHeader, assertPtauFits, powerRequirement, powerRequirementForR1cs,
} from './ptau.js';

export type { Scheme } from './ptau.js';

/** snarkjs refused or failed to build a key (other than for a too-small ptau: that is a PtauError). */
export class SetupError extends ZkmlError {
  override name = 'SetupError';
}

export interface SetupProgress {
  stage: 'check' | 'zkey' | 'contribute' | 'beacon' | 'vkey' | 'done' | 'log';
  message?: string;
}

export interface SetupOptions {
  scheme: Scheme;
  r1cs: Uint8Array;
  /** A phase-2-prepared ptau of sufficient power (see `requiredPower`). */
  ptau: Uint8Array;
  /** groth16: phase-2 contribution entropy; 32 random bytes when omitted. Ignored by plonk/fflonk. */
  entropy?: string;
  /** groth16: a public beacon contribution instead of a secret one (deterministic, verifiable). */
  beacon?: { hash: string; iterationsExp: number };
  /** groth16: name recorded with the phase-2 contribution. */
  contributionName?: string;
  onProgress?: (p: SetupProgress) => void;
}

export interface SetupResult {
  zkey: Uint8Array;
  vkey: snarkjs.VerificationKey;
  /** What the circuit needed from the ptau. */
  requirement: PowerRequirement;
  ptau: PtauHeader;
}

/** A snarkjs logger that forwards to `onProgress` and remembers the last error it logged. */
function progressLogger(onProgress?: (p: SetupProgress) => void): snarkjs.Logger & { lastError?: string } {
  const fwd = (...a: unknown[]) => onProgress?.({ stage: 'log', message: a.map(String).join(' ') });
  const l: snarkjs.Logger & { lastError?: string } = {
    debug: () => {}, info: fwd, log: fwd, warn: fwd,
    error: (...a: unknown[]) => { l.lastError = a.map(String).join(' '); fwd(...a); },
  };
  return l;
}

function randomEntropy(): string {
  const b = new Uint8Array(32);
  globalThis.crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Bytes written to a snarkjs mem file (fastfile trims `data` to the written size on close). */
function written(f: snarkjs.MemFile, what: string): Uint8Array {
  if (!f.data || f.data.byteLength === 0) throw new SetupError(`snarkjs wrote no ${what}`);
  return f.data;
}

/** The r1cs header counts (only the header is read; a damaged file is a SetupError naming the problem). */
export function readR1csCounts(bytes: Uint8Array): { nConstraints: number; nPublic: number; nWires: number; prime: bigint } {
  let h: R1csHeader;
  try { h = readR1csHeader(bytes); } catch (e) { throw new SetupError(`not a usable r1cs file: ${e instanceof Error ? e.message : String(e)}`, { cause: e }); }
  return { nConstraints: h.nConstraints, nPublic: h.nPubOut + h.nPubIn, nWires: h.nWires, prime: h.prime };
}

/** The proving scheme a zkey was made for (zkey header section, protocol id 1 / 2 / 10). */
export function zkeyScheme(zkey: Uint8Array): Scheme {
  const dv = new DataView(zkey.buffer, zkey.byteOffset, zkey.byteLength);
  if (zkey.byteLength < 12 || String.fromCharCode(zkey[0], zkey[1], zkey[2], zkey[3]) !== 'zkey') {
    throw new SetupError('not a zkey file (bad magic)');
  }
  const n = dv.getUint32(8, true);
  let off = 12;
  for (let i = 0; i < n && off + 12 <= zkey.byteLength; i++) {
    const id = dv.getUint32(off, true);
    const size = Number(dv.getBigUint64(off + 4, true));
    if (id === 1 && size >= 4 && off + 16 <= zkey.byteLength) {
      const proto = dv.getUint32(off + 12, true);
      const s = ({ 1: 'groth16', 2: 'plonk', 10: 'fflonk' } as const)[proto as 1 | 2 | 10];
      if (!s) throw new SetupError(`zkey for unknown protocol id ${proto}`);
      return s;
    }
    off += 12 + size;
  }
  throw new SetupError('zkey has no header section');
}

/**
 * Builds the proving and verification keys. Checks the ptau first (PtauError names the public
 * file to bring when it is too small), then runs snarkjs on in-memory files.
 */
export async function setup(opts: SetupOptions): Promise<SetupResult> {
  const { scheme, r1cs, ptau, onProgress } = opts;
  onProgress?.({ stage: 'check' });
  const header = readPtauHeader(ptau);
  let requirement: PowerRequirement;
  if (scheme === 'groth16') {
    const c = readR1csCounts(r1cs);
    requirement = powerRequirement('groth16', c.nConstraints, c.nPublic);
  } else {
    requirement = powerRequirementForR1cs(scheme, parseR1cs(r1cs));
  }
  assertPtauFits(header, requirement);

  const logger = progressLogger(onProgress);
  const failed = (what: string, cause?: unknown): SetupError =>
    new SetupError(`${scheme} ${what} failed${logger.lastError ? `: ${logger.lastError}` : cause instanceof Error ? `: ${cause.message}` : ''}`, { cause });
  let zkey: Uint8Array;
  try {
    onProgress?.({ stage: 'zkey' });
    await bn128(); // the shared curve snarkjs picks up, with its threads fixed (./curve.ts)
    const z0: snarkjs.MemFile = { type: 'mem' };
    if (scheme === 'groth16') {
      if ((await snarkjs.zKey.newZKey(r1cs, ptau, z0, logger)) === -1) throw failed('setup');
      const z1: snarkjs.MemFile = { type: 'mem' };
      if (opts.beacon) {
        onProgress?.({ stage: 'beacon' });
        const r = await snarkjs.zKey.beacon(written(z0, 'zkey'), z1, opts.contributionName ?? 'beacon', opts.beacon.hash, opts.beacon.iterationsExp, logger);
        if (r === false) throw failed('beacon');
      } else {
        onProgress?.({ stage: 'contribute' });
        const entropy = opts.entropy || randomEntropy();
        await snarkjs.zKey.contribute(written(z0, 'zkey'), z1, opts.contributionName ?? 'zkml phase 2', entropy, logger);
      }
      zkey = written(z1, 'zkey');
    } else if (scheme === 'plonk') {
      if ((await snarkjs.plonk.setup(r1cs, ptau, z0, logger)) === -1) throw failed('setup');
      zkey = written(z0, 'zkey');
    } else {
      await snarkjs.fflonk.setup(r1cs, ptau, z0, logger);
      zkey = written(z0, 'zkey');
    }
  } catch (e) {
    if (e instanceof ZkmlError) throw e;
    throw failed('setup', e);
  }
  onProgress?.({ stage: 'vkey' });
  const vkey = await snarkjs.zKey.exportVerificationKey(zkey);
  onProgress?.({ stage: 'done' });
  return { zkey, vkey, requirement, ptau: header };
}

export interface DevSetupOptions {
  r1cs: Uint8Array;
  /**
   * The development ptau power the key is equivalent to (default: the smallest that fits). The key
   * equals `snarkjs.zKey.newZKey(r1cs, pot<power>_dev.ptau)` followed by `zKey.beacon` with the public
   * development beacon, byte for byte.
   */
  power?: number;
  /** Development ptau seed (default DEV_PTAU_SEED). */
  seed?: string;
  onProgress?: (p: SetupProgress) => void;
}

export interface DevSetupResult {
  zkey: Uint8Array;
  vkey: snarkjs.VerificationKey;
  requirement: PowerRequirement;
  /** The development ptau power the key is equivalent to. */
  power: number;
  /** How the key was made (NOT FOR VALUE). */
  label: string;
}

/**
 * A DEVELOPMENT Groth16 key computed directly from the public development secret (dev-setup.ts):
 * no ptau file; the one phase-2 contribution is the public development beacon (DEV_BEACON_HASH),
 * so δ ≠ γ and the on-chain registry accepts the key, but δ is public too. NOT FOR VALUE: anyone
 * can forge proofs for it. Errors: `DevSetupError` (malformed r1cs, another curve, power beyond the
 * development ptau).
 */
export async function devSetup(opts: DevSetupOptions): Promise<DevSetupResult> {
  const { r1cs, onProgress } = opts;
  onProgress?.({ stage: 'check' });
  const c = readR1csShape(r1cs);
  const requirement = powerRequirement('groth16', c.nConstraints, c.nPublic);
  const power = opts.power ?? requirement.power;
  onProgress?.({ stage: 'zkey' });
  const zkey = await devGroth16Setup(r1cs, {
    power, seed: opts.seed, log: (m) => onProgress?.({ stage: 'log', message: m }),
  });
  onProgress?.({ stage: 'vkey' });
  const vkey = await snarkjs.zKey.exportVerificationKey(zkey);
  onProgress?.({ stage: 'done' });
  return { zkey, vkey, requirement, power, label: DEV_SETUP_LABEL };
}
