import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import * as snarkjs from 'snarkjs';
import { buildBn128 } from 'ffjavascript';
import { compileTemplate, ROOT, type CompiledCircuit } from '../circuits/test/harness.js';
import { P } from '../core/field.js';
import { ZkmlError } from '../core/errors.js';
import { writeWtns } from './wtns.js';
import {
  readPtauHeader, truncatePtau, requiredPower, powerRequirement, powerRequirementForR1cs, plonkGateCount,
  PtauError, PUBLIC_PTAU_FILES, publicPtauFor, type Scheme,
} from './ptau.js';
import { setup, zkeyScheme, type SetupResult } from './setup.js';
import { prove, proveFromWitness, ProveError } from './prove.js';
import { verify, verifyDetailed, assertProofFormat, ProofFormatError } from './verify.js';
import { solidityVerifier, solidityCalldata } from './export.js';

// setup → prove → verify for every scheme on a tiny circuit (Rescale(16, 4): 16 r1cs
// constraints, 1 public output), against a development ptau. Development keys: tau is public.

const SCHEMES: Scheme[] = ['groth16', 'plonk', 'fflonk'];
const PTAU_POWER = 9; // fflonk needs 9 for this circuit (plonk 6, groth16 5)
const CLI = join(ROOT, 'node_modules/snarkjs/build/cli.cjs'); // what `npx snarkjs` runs

const quiet: snarkjs.Logger = { debug() {}, info() {}, warn() {}, error() {} };
const logTo = (lines: string[]): snarkjs.Logger => ({ debug() {}, info: (m) => lines.push(String(m)), warn() {}, error: (m) => lines.push(String(m)) });

/** A prepared ptau made by snarkjs itself (only when the committed development file is absent: ~30 s at power 9). */
async function snarkjsPtau(power: number, contribute: boolean): Promise<Uint8Array> {
  const curve = await buildBn128();
  const a: snarkjs.MemFile = { type: 'mem' };
  await snarkjs.powersOfTau.newAccumulator(curve, power, a);
  let src = a.data!;
  if (contribute) {
    const b: snarkjs.MemFile = { type: 'mem' };
    await snarkjs.powersOfTau.contribute(src, b, 'test', 'test entropy');
    src = b.data!;
  }
  const c: snarkjs.MemFile = { type: 'mem' };
  await snarkjs.powersOfTau.preparePhase2(src, c);
  return c.data!;
}

function cli(args: string[]): number {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return r.status ?? -1;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('zk adapters: setup → prove → verify', () => {
  let c: CompiledCircuit;
  let r1cs: Uint8Array;
  let wasm: Uint8Array;
  let ptau: Uint8Array;
  const keys = new Map<Scheme, SetupResult>();
  const proofs = new Map<Scheme, { proof: snarkjs.Proof; publicSignals: string[] }>();
  const tmp = mkdtempSync(join(tmpdir(), 'zkml-snark-'));
  const timings: Record<string, number> = {};
  const timed = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try { return await f(); } finally { timings[label] = Math.round(performance.now() - t); }
  };

  beforeAll(async () => {
    c = await timed('compile', () => compileTemplate('rescale.circom', 'Rescale', [16, 4]));
    r1cs = new Uint8Array(readFileSync(join(c.dir, 'circuit.r1cs')));
    wasm = new Uint8Array(readFileSync(join(c.dir, 'circuit_js', 'circuit.wasm')));
    const dev = join(ROOT, 'circuits-prebuilt/dev-ptau', `pot${PTAU_POWER}_dev.ptau`);
    ptau = existsSync(dev) ? new Uint8Array(readFileSync(dev)) : await timed('ptau', () => snarkjsPtau(PTAU_POWER, true));
  });

  afterAll(async () => {
    console.log('[snark.test] timings (ms):', JSON.stringify(timings));
    // snarkjs caches the multi-threaded curve here; its workers keep the process alive.
    await globalThis.curve_bn128?.terminate();
  });

  describe('ptau', () => {
    it('reads the header and section table', () => {
      const h = readPtauHeader(ptau);
      expect(h.curve).toBe('bn128');
      expect(h.power).toBe(PTAU_POWER);
      expect(h.hasLagrange).toBe(true);
      expect(h.nContributions).toBeGreaterThanOrEqual(1);
      expect(h.contributions).toHaveLength(h.nContributions!);
      expect(h.sections.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15]);
    });

    it('refuses malformed and truncated files with a PtauError', () => {
      const bad: [string, Uint8Array][] = [
        ['empty', new Uint8Array(0)],
        ['tiny', ptau.subarray(0, 5)],
        ['wrong magic', Uint8Array.from([...new TextEncoder().encode('r1cs'), ...ptau.subarray(4, 100)])],
        ['truncated', ptau.subarray(0, ptau.byteLength - 1)],
        ['half', ptau.subarray(0, ptau.byteLength >> 1)],
        ['trailing bytes', Uint8Array.from([...ptau, 0])],
        ['random', Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24)],
      ];
      // A header that claims another power no longer matches the section sizes.
      const lied = new Uint8Array(ptau); // a copy (Buffer#slice would be a view)
      const dv = new DataView(lied.buffer);
      dv.setUint32(12 + 12 + 4 + 32, PTAU_POWER + 1, true);
      bad.push(['wrong power', lied]);
      for (const [what, bytes] of bad) {
        let err: unknown;
        try { readPtauHeader(bytes); } catch (e) { err = e; }
        expect(err, what).toBeInstanceOf(PtauError);
        expect(err, what).toBeInstanceOf(ZkmlError);
      }
    });

    it('truncates byte-for-byte like `snarkjs powersoftau truncate`', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'zkml-trunc-'));
      await snarkjs.powersOfTau.truncate(ptau, join(dir, 'pot_'), quiet);
      for (const p of [1, 4, 8]) {
        const ours = truncatePtau(ptau, p);
        expect(Buffer.from(ours).equals(readFileSync(join(dir, `pot_${String(p).padStart(2, '0')}.ptau`))), `power ${p}`).toBe(true);
        expect(readPtauHeader(ours).power).toBe(p);
      }
      expect(readdirSync(dir)).toHaveLength(PTAU_POWER - 1);
    });

    it('requiredPower: groth16 needs 2^p ≥ constraints + public + 1 (5 for the tiny circuit)', () => {
      expect(c.r1cs.nConstraints).toBe(16);
      expect(requiredPower('groth16', 16, 1)).toBe(5);
      // boundaries: 15 + 1 rows fit 2^5 only with one row to spare
      expect(requiredPower('groth16', 14, 1)).toBe(4);
      expect(requiredPower('groth16', 15, 1)).toBe(5);
      expect(requiredPower('plonk', 0, 0, 8)).toBe(3);
      expect(requiredPower('plonk', 0, 0, 9)).toBe(4);
      expect(requiredPower('fflonk', 0, 0, 6)).toBe(6);
      expect(requiredPower('fflonk', 0, 0, 7)).toBe(7);
      expect(powerRequirement('plonk', 16, 1).exact).toBe(false);
      expect(powerRequirementForR1cs('groth16', c.r1cs).power).toBe(5);
      expect(powerRequirementForR1cs('plonk', c.r1cs).power).toBe(6);
      expect(powerRequirementForR1cs('fflonk', c.r1cs).power).toBe(9);
    });

    it('the rules are exact: snarkjs accepts the required power and refuses one less', async () => {
      const small = new Map([4, 5, 6, 8].map((p) => [p, truncatePtau(ptau, p)]));
      // groth16: power 5 works, 4 does not
      expect(await snarkjs.zKey.newZKey(r1cs, small.get(4)!, { type: 'mem' }, quiet)).toBe(-1);
      expect(await snarkjs.zKey.newZKey(r1cs, small.get(5)!, { type: 'mem' }, quiet)).not.toBe(-1);
      // plonk: 6 works, 5 does not; and the gate count is snarkjs's
      const lines: string[] = [];
      expect(await snarkjs.plonk.setup(r1cs, small.get(5)!, { type: 'mem' }, quiet)).toBe(-1);
      expect(await snarkjs.plonk.setup(r1cs, small.get(6)!, { type: 'mem' }, logTo(lines))).not.toBe(-1);
      expect(lines).toContain(`Plonk constraints: ${plonkGateCount(c.r1cs, 'plonk')}`);
      // fflonk: 9 works (below), 8 does not
      await expect(snarkjs.fflonk.setup(r1cs, small.get(8)!, { type: 'mem' }, quiet)).rejects.toThrow(/not big enough/);
      // and our setup says which public file to bring instead of letting snarkjs fail
      const err = await setup({ scheme: 'fflonk', r1cs, ptau: small.get(8)! }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PtauError);
      expect((err as Error).message).toMatch(/power ≥ 9.*powersOfTau28_hez_final_09\.ptau/);
    });

    it('lists the public ceremony files', () => {
      expect(PUBLIC_PTAU_FILES.map((f) => f.power)).toEqual(Array.from({ length: 21 }, (_, i) => i + 8));
      expect(publicPtauFor(5)?.name).toBe('powersOfTau28_hez_final_08.ptau');
      expect(publicPtauFor(20)?.name).toBe('powersOfTau28_hez_final_20.ptau');
      expect(publicPtauFor(28)?.name).toBe('powersOfTau28_hez_final.ptau');
      expect(publicPtauFor(29)).toBeUndefined();
      const f20 = PUBLIC_PTAU_FILES.find((f) => f.power === 20)!;
      expect(f20.approxBytes).toBeGreaterThan(1.1e9);
      expect(f20.approxBytes).toBeLessThan(1.3e9);
      expect(f20.blake2b).toMatch(/^[0-9a-f]{128}$/);
    });
  });

  describe.each(SCHEMES)('%s', (scheme) => {
    it('setup → prove → verify', async () => {
      const lines: string[] = [];
      const k = await timed(`${scheme} setup`, () => setup({ scheme, r1cs, ptau, onProgress: (p) => { if (p.message) lines.push(p.message); } }));
      keys.set(scheme, k);
      expect(zkeyScheme(k.zkey)).toBe(scheme);
      expect(k.vkey.protocol).toBe(scheme);
      expect(k.vkey.nPublic).toBe(1);
      if (scheme === 'fflonk') expect(lines).toContain(`  Constraints:   ${plonkGateCount(c.r1cs, 'fflonk')}`);

      const r = await timed(`${scheme} prove`, () => prove({ scheme, wasm, zkey: k.zkey, input: { in: -1234 } }));
      expect(r.proof.protocol).toBe(scheme);
      expect(r.publicSignals).toEqual([(P + -78n).toString()]); // floor(-1234 / 16) = -78, as a field element
      proofs.set(scheme, r);
      expect(await timed(`${scheme} verify`, () => verify({ scheme, vkey: k.vkey, proof: r.proof, publicSignals: r.publicSignals }))).toBe(true);
    });

    it('a tampered proof or public signal does not verify, and nothing throws', async () => {
      const { vkey } = keys.get(scheme)!;
      const { proof, publicSignals } = proofs.get(scheme)!;
      const v = (proof: unknown, publicSignals: unknown = proofs.get(scheme)!.publicSignals) => verifyDetailed({ scheme, vkey, proof, publicSignals });

      // one coordinate changed (no longer on the curve → format check)
      const p1 = clone(proof) as unknown as Record<string, unknown>;
      const g1Key = scheme === 'groth16' ? 'pi_a' : scheme === 'plonk' ? 'A' : undefined;
      const pt = g1Key ? (p1[g1Key] as string[]) : (p1.polynomials as Record<string, string[]>).C1;
      pt[0] = (BigInt(pt[0]) + 1n).toString();
      const o1 = await v(p1);
      expect(o1.valid).toBe(false);
      expect(o1.error).toBeInstanceOf(ProofFormatError);

      // a valid curve point in the wrong place (passes the format checks, fails the pairing)
      const p2 = clone(proof) as unknown as Record<string, unknown>;
      if (scheme === 'groth16') p2.pi_a = p2.pi_c;
      else if (scheme === 'plonk') p2.A = p2.B;
      else { const pol = p2.polynomials as Record<string, unknown>; pol.C1 = pol.C2; }
      const o2 = await v(p2);
      expect(o2.valid).toBe(false);
      expect(o2.error).toBeUndefined();

      // a tampered scalar (plonk/fflonk evaluations)
      if (scheme !== 'groth16') {
        const p3 = clone(proof) as unknown as Record<string, unknown>;
        if (scheme === 'plonk') p3.eval_a = (BigInt(p3.eval_a as string) + 1n).toString();
        else { const ev = p3.evaluations as Record<string, string>; ev.a = (BigInt(ev.a) + 1n).toString(); }
        expect((await v(p3)).valid).toBe(false);
      }

      // tampered public signal, too many / too few signals, out-of-field signal
      expect((await v(proof, [(BigInt(publicSignals[0]) + 1n).toString()])).valid).toBe(false);
      expect((await v(proof, ['1234'])).valid).toBe(false);
      expect((await v(proof, [...publicSignals, '0'])).valid).toBe(false);
      expect((await v(proof, [])).valid).toBe(false);
      expect((await v(proof, [(BigInt(publicSignals[0]) + P).toString()])).valid).toBe(false);

      // garbage
      const garbage: unknown[] = [
        null, undefined, 42, 'proof', [], {}, { protocol: scheme }, JSON.parse('{"pi_a":[1,2,3]}'),
        { ...clone(proof), protocol: scheme === 'groth16' ? 'plonk' : 'groth16' },
        JSON.parse(JSON.stringify(proof).replace(/"(\d)/, '"x$1')),
        JSON.parse(JSON.stringify(proof).replace(/"(\d+)"/, '"0x$1"')),
        JSON.parse(JSON.stringify(proof).replace(/"(\d+)"/, '"-$1"')),
      ];
      for (const g of garbage) {
        const o = await v(g);
        expect(o.valid, JSON.stringify(g)?.slice(0, 60)).toBe(false);
        expect(() => assertProofFormat(scheme, vkey, g, publicSignals)).toThrow(ProofFormatError);
      }
      expect(await verify({ scheme, vkey: {}, proof, publicSignals })).toBe(false);
      expect(await verify({ scheme, vkey: 'vkey', proof, publicSignals })).toBe(false);
      expect(await verify({ scheme, vkey: { ...vkey, IC: [] , Qm: [], C0: [] }, proof, publicSignals })).toBe(false);
      // the untouched proof still verifies (nothing above mutated it)
      expect(await verify({ scheme, vkey, proof, publicSignals })).toBe(true);
    });

    it('the snarkjs CLI agrees on the files we write', () => {
      const { vkey } = keys.get(scheme)!;
      const { proof, publicSignals } = proofs.get(scheme)!;
      const f = (n: string, o: unknown) => { const p = join(tmp, `${scheme}-${n}.json`); writeFileSync(p, JSON.stringify(o)); return p; };
      const vk = f('vk', vkey); const pub = f('public', publicSignals); const pr = f('proof', proof);
      expect(cli([scheme, 'verify', vk, pub, pr])).toBe(0);
      const bad = f('public-bad', [(BigInt(publicSignals[0]) + 1n).toString()]);
      expect(cli([scheme, 'verify', vk, bad, pr])).not.toBe(0);
    });

    it('proves from a witness; a witness that breaks the constraints gives a proof that fails', async () => {
      const { zkey, vkey } = keys.get(scheme)!;
      const w = await c.witness({ in: 1000 });
      const r = await proveFromWitness({ scheme, zkey, wtns: writeWtns(w.values, P) });
      expect(r.publicSignals).toEqual(['62']);
      expect(await verify({ scheme, vkey, ...r })).toBe(true);
      const forged = w.forge({ out: 63n });
      expect(forged.satisfies()).toBe(false);
      const f = await proveFromWitness({ scheme, zkey, wtns: writeWtns(forged.values, P) }).catch((e: unknown) => e);
      // snarkjs does not check the witness: it either refuses (fflonk checks some identities) or proves garbage
      if (!(f instanceof ProveError)) expect(await verify({ scheme, vkey, ...(f as { proof: unknown; publicSignals: unknown }) })).toBe(false);
    });

    it('refuses a zkey of another scheme with a ProveError', async () => {
      const other = SCHEMES[(SCHEMES.indexOf(scheme) + 2) % 3];
      const zkey = keys.get(other)?.zkey;
      if (!zkey) return; // groth16 runs first: fflonk's zkey does not exist yet
      await expect(prove({ scheme, wasm, zkey, input: { in: 1 } })).rejects.toThrow(ProveError);
    });

    it('exports a Solidity verifier and calldata', async () => {
      const { zkey } = keys.get(scheme)!;
      const { proof, publicSignals } = proofs.get(scheme)!;
      const sol = await timed(`${scheme} solidity`, () => solidityVerifier(zkey));
      expect(sol).toMatch(/pragma solidity/);
      expect(sol).toContain(`contract ${{ groth16: 'Groth16Verifier', plonk: 'PlonkVerifier', fflonk: 'FflonkVerifier' }[scheme]}`);
      const data = await solidityCalldata(scheme, proof, publicSignals);
      expect(data.startsWith('[')).toBe(true);
      expect(data).toContain('0x');
    });
  });

  it('groth16: a pi_b on the twist but outside the prime-order subgroup is rejected', async () => {
    const { vkey } = keys.get('groth16')!;
    const { proof, publicSignals } = proofs.get('groth16')!;
    const curve = await buildBn128();
    // G2 internals not in our minimal types: the Fq2 field and the twist's b.
    const G2 = curve.G2 as unknown as {
      F: { fromObject(a: bigint[]): Uint8Array; toObject(a: Uint8Array): bigint[]; add(a: Uint8Array, b: Uint8Array): Uint8Array; mul(a: Uint8Array, b: Uint8Array): Uint8Array; square(a: Uint8Array): Uint8Array; isSquare(a: Uint8Array): boolean; sqrt(a: Uint8Array): Uint8Array };
      b: Uint8Array;
    } & typeof curve.G2;
    const F = G2.F;
    let pt: Uint8Array | undefined;
    for (let i = 1n; !pt; i++) {
      const x = F.fromObject([i, 1n]);
      const rhs = F.add(F.mul(F.square(x), x), G2.b);
      if (!F.isSquare(rhs)) continue;
      const cand = new Uint8Array(128);
      cand.set(x); cand.set(F.sqrt(rhs), 64);
      if (G2.isValid(cand) && !G2.isZero(G2.timesScalar(cand, curve.r))) pt = cand;
    }
    const obj = (G2.toObject(pt) as bigint[][]).map((e) => e.map(String));
    const o = await verifyDetailed({ scheme: 'groth16', vkey, proof: { ...proof, pi_b: obj }, publicSignals });
    expect(o.valid).toBe(false);
    expect(o.reason).toMatch(/subgroup/);
  });
});
