import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tmpdir } from 'node:os';
// @ts-ignore -- snarkjs ships no type declarations
import * as snarkjsUntyped from 'snarkjs';
import { compileSource, type CompiledCircuit } from '../circuits/test/harness.js';
import { TINY_CIRCUIT, removeTmpAndTerminateCurve } from '../../tests/helpers/circuits.js';
import { createHash } from 'node:crypto';
import { devGroth16Setup, devSetupPower, readR1csShape, DevSetupError, DEV_BEACON_HASH, DEV_BEACON_TEXT, DEV_BEACON_NAME, DEV_BEACON_ITERATIONS_EXP } from './dev-setup.js';
import { makeDevPtau } from './dev-ptau.js';
import { DEV_PTAU_COMMITTED_DIR, devPtauFileName } from './dev-ptau-node.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const snarkjs = snarkjsUntyped as any;

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

interface Term { wire: number; coef: bigint }
interface HandConstraint { a: Term[]; b: Term[]; c: Term[] }

/** A hand-made r1cs (header, constraints, wire map), for shapes circom does not produce on demand. */
function writeR1cs(o: { nWires: number; nPubOut: number; nPubIn: number; nPrvIn: number; constraints: HandConstraint[]; prime?: bigint }): Uint8Array {
  const prime = o.prime ?? R;
  const le = (v: bigint, n: number): number[] => Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
  const u32 = (v: number): number[] => le(BigInt(v), 4);
  const u64 = (v: number): number[] => le(BigInt(v), 8);
  const header = [...u32(32), ...le(prime, 32), ...u32(o.nWires), ...u32(o.nPubOut), ...u32(o.nPubIn), ...u32(o.nPrvIn), ...u64(o.nWires), ...u32(o.constraints.length)];
  const cs: number[] = [];
  for (const k of o.constraints) {
    for (const lc of [k.a, k.b, k.c]) {
      cs.push(...u32(lc.length));
      for (const t of lc) cs.push(...u32(t.wire), ...le(((t.coef % R) + R) % R, 32));
    }
  }
  const map: number[] = [];
  for (let i = 0; i < o.nWires; i++) map.push(...u64(i));
  const section = (id: number, d: number[]): number[] => [...u32(id), ...u64(d.length), ...d];
  return new Uint8Array([0x72, 0x31, 0x63, 0x73, ...u32(1), ...u32(3), ...section(1, header), ...section(2, cs), ...section(3, map)]);
}

/** x_i · x_i = y_i chains over `rows` constraints; `extra` shapes are added on top. */
function chainR1cs(rows: number, nPub: number): Uint8Array {
  // wires: 0 = one, 1..nPub = public inputs, then a private chain
  const nWires = 1 + nPub + rows + 1;
  const constraints: HandConstraint[] = [];
  for (let i = 0; i < rows; i++) {
    const x = i === 0 ? 1 + nPub : 1 + nPub + i;
    constraints.push({ a: [{ wire: x, coef: 1n }], b: [{ wire: x, coef: 1n }, { wire: 1 + (i % Math.max(1, nPub)), coef: BigInt(i + 2) }], c: [{ wire: x + 1, coef: 1n }] });
  }
  return writeR1cs({ nWires, nPubOut: 0, nPubIn: nPub, nPrvIn: 1, constraints });
}

describe('development Groth16 setup (byte-identical to snarkjs newZKey on the dev ptau + zkey beacon with the public dev beacon)', () => {
  const tmp = fs.mkdtempSync(path.join(tmpdir(), 'zkml-dev-setup-'));
  const ptauCache = new Map<number, string>();
  /** Path of the dev ptau of `power`: the committed file, else generated here. */
  const ptauPath = async (power: number): Promise<string> => {
    const committed = path.join(DEV_PTAU_COMMITTED_DIR, devPtauFileName(power));
    if (fs.existsSync(committed)) return committed;
    if (!ptauCache.has(power)) {
      const f = path.join(tmp, devPtauFileName(power));
      fs.writeFileSync(f, await makeDevPtau(power));
      ptauCache.set(power, f);
    }
    return ptauCache.get(power)!;
  };
  const reference = async (r1cs: Uint8Array, power: number): Promise<Uint8Array> => {
    const r1csFile = path.join(tmp, 'ref.r1cs');
    fs.writeFileSync(r1csFile, r1cs);
    const out = { type: 'mem' } as { type: 'mem'; data?: Uint8Array };
    await snarkjs.zKey.newZKey(r1csFile, await ptauPath(power), out);
    return out.data!;
  };
  /** newZKey (or its output `zkey0`), then `zkey beacon` with the public development beacon. */
  const referenceBeacon = async (r1cs: Uint8Array, power: number, zkey0?: Uint8Array): Promise<Uint8Array> => {
    const old = { type: 'mem', data: zkey0 ? zkey0.slice() : await reference(r1cs, power) };
    const out = { type: 'mem' } as { type: 'mem'; data?: Uint8Array };
    const hash = await snarkjs.zKey.beacon(old, out, DEV_BEACON_NAME, DEV_BEACON_HASH, DEV_BEACON_ITERATIONS_EXP);
    expect(hash).toBeInstanceOf(Uint8Array);
    return out.data!;
  };
  const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
  /**
   * Byte identity at the smallest power and (when given) at a larger one: the default key with
   * newZKey + zkey beacon, and (`raw`) the `contribution: false` key with newZKey alone.
   */
  const expectIdentical = async (r1cs: Uint8Array, larger?: number, raw = true): Promise<void> => {
    const k = devSetupPower(readR1csShape(r1cs));
    for (const power of larger === undefined ? [k] : [k, larger]) {
      // one (slow) newZKey per power: the beacon reference starts from the same output
      const plainRef = await reference(r1cs, power);
      const mine = await devGroth16Setup(r1cs, { power });
      const ref = await referenceBeacon(r1cs, power, plainRef);
      expect(mine.length, `size at power ${power}`).toBe(ref.length);
      expect(same(mine, ref), `bytes at power ${power}`).toBe(true);
      if (!raw) continue;
      const plain = await devGroth16Setup(r1cs, { power, contribution: false });
      expect(plain.length, `newZKey size at power ${power}`).toBe(plainRef.length);
      expect(same(plain, plainRef), `newZKey bytes at power ${power}`).toBe(true);
    }
  };

  let tiny: CompiledCircuit;
  let manyPublic: CompiledCircuit;

  beforeAll(async () => {
    tiny = await compileSource(TINY_CIRCUIT, 'dev-setup-tiny');
    manyPublic = await compileSource(
      [
        'pragma circom 2.2.3;',
        'template ManyPublic(n) {',
        '  signal input x[n]; signal input k; signal output y[n]; signal output s;',
        '  var acc = 0;',
        '  for (var i = 0; i < n; i++) { y[i] <== x[i] * k; acc += y[i]; }',
        '  s <== acc * k;',
        '}',
        'component main {public [x]} = ManyPublic(40);',
      ].join('\n'),
      'dev-setup-many-public',
    );
  });

  afterAll(() => removeTmpAndTerminateCurve(tmp));

  it('matches newZKey (+ zkey beacon) on compiled circuits, at the smallest power and with the committed 2^8 ptau', async () => {
    for (const c of [tiny, manyPublic]) {
      const r1cs = new Uint8Array(fs.readFileSync(path.join(c.dir, 'circuit.r1cs')));
      await expectIdentical(r1cs, 8);
    }
    expect(readR1csShape(new Uint8Array(fs.readFileSync(path.join(manyPublic.dir, 'circuit.r1cs')))).nPublic).toBe(81);
  });

  it('matches newZKey (+ zkey beacon) with zero coefficients, repeated terms, wires used only in C or nowhere, and no private wires', async () => {
    // wires: 0 one, 1..2 public outputs, 3 public input, 4..9 private (8 unused, 9 only in C)
    const r1cs = writeR1cs({
      nWires: 10, nPubOut: 2, nPubIn: 1, nPrvIn: 2,
      constraints: [
        { a: [{ wire: 4, coef: 1n }, { wire: 5, coef: 0n }], b: [{ wire: 5, coef: 3n }], c: [{ wire: 6, coef: 1n }, { wire: 9, coef: 7n }] },
        { a: [{ wire: 6, coef: 2n }, { wire: 6, coef: -2n }, { wire: 0, coef: 5n }], b: [{ wire: 3, coef: -1n }], c: [{ wire: 1, coef: 1n }] },
        { a: [], b: [{ wire: 7, coef: 1n }], c: [] },
        { a: [{ wire: 7, coef: R - 1n }], b: [{ wire: 0, coef: 1n }], c: [{ wire: 2, coef: 1n }, { wire: 0, coef: 0n }] },
      ],
    });
    await expectIdentical(r1cs, 8);
    // every wire public (C section empty) and a single wire per points section chunk
    await expectIdentical(writeR1cs({ nWires: 3, nPubOut: 1, nPubIn: 1, nPrvIn: 0, constraints: [{ a: [{ wire: 2, coef: 1n }], b: [{ wire: 2, coef: 1n }], c: [{ wire: 1, coef: 1n }] }] }), 9);
    // no constraints at all
    await expectIdentical(writeR1cs({ nWires: 2, nPubOut: 0, nPubIn: 1, nPrvIn: 0, constraints: [] }));
  });

  it('matches newZKey (+ zkey beacon) on both sides of a power-of-two boundary (rows = 2^k − 1 and 2^k)', async () => {
    // rows = constraints + public signals; the domain must exceed it (the "1" row is appended)
    const a = chainR1cs(1023 - 3, 3);
    const b = chainR1cs(1024 - 3, 3);
    expect(devSetupPower(readR1csShape(a))).toBe(10);
    expect(devSetupPower(readR1csShape(b))).toBe(11);
    await expectIdentical(a, 12);
    await expectIdentical(b);
  });

  it('matches newZKey (+ zkey beacon) beyond 2^14 rows, where newZKey hashes a point past the ptau section it reads', async () => {
    const r1cs = chainR1cs(2 ** 14 + 5, 2);
    expect(devSetupPower(readR1csShape(r1cs))).toBe(15);
    await expectIdentical(r1cs);
  });

  it('uses a public beacon: the hash is SHA-256 of the stated text, the name fits snarkjs (64 chars)', () => {
    expect(createHash('sha256').update(DEV_BEACON_TEXT, 'utf8').digest('hex')).toBe(DEV_BEACON_HASH);
    expect(DEV_BEACON_NAME.length).toBeLessThanOrEqual(64);
    expect(DEV_BEACON_ITERATIONS_EXP).toBe(10);
  });

  it('gives keys that pass zkey verify (with the beacon contribution), have δ ≠ γ, prove and verify', async () => {
    const r1csFile = path.join(tiny.dir, 'circuit.r1cs');
    const zkey = await devGroth16Setup(new Uint8Array(fs.readFileSync(r1csFile)), { power: 8 });
    const zkeyFile = path.join(tmp, 'tiny.zkey');
    fs.writeFileSync(zkeyFile, zkey);
    const logged: string[] = [];
    const logger = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m), debug: () => undefined };
    expect(await snarkjs.zKey.verifyFromR1cs(r1csFile, await ptauPath(8), zkeyFile, logger)).toBe(true);
    expect(logged.join('\n')).toContain('ZKey Ok!');
    expect(logged.join('\n')).toContain(DEV_BEACON_NAME);
    expect(logged.join('\n')).toContain(DEV_BEACON_HASH);
    const vk = await snarkjs.zKey.exportVerificationKey(zkey);
    expect(vk.vk_delta_2).not.toEqual(vk.vk_gamma_2);
    const plainVk = await snarkjs.zKey.exportVerificationKey(await devGroth16Setup(new Uint8Array(fs.readFileSync(r1csFile)), { power: 8, contribution: false }));
    expect(plainVk.vk_delta_2).toEqual(plainVk.vk_gamma_2);
    const { proof, publicSignals } = await snarkjs.groth16.fullProve({ a: 3, b: 5 }, path.join(tiny.dir, 'circuit_js', 'circuit.wasm'), zkey);
    expect(publicSignals).toEqual(['50', '5']);
    expect(await snarkjs.groth16.verify(vk, publicSignals, proof)).toBe(true);
    expect(await snarkjs.groth16.verify(vk, ['51', '5'], proof)).toBe(false);

    const many = await devGroth16Setup(new Uint8Array(fs.readFileSync(path.join(manyPublic.dir, 'circuit.r1cs'))));
    const x = Array.from({ length: 40 }, (_, i) => i + 1);
    const r = await snarkjs.groth16.fullProve({ x, k: 3 }, path.join(manyPublic.dir, 'circuit_js', 'circuit.wasm'), many);
    const vk2 = await snarkjs.zKey.exportVerificationKey(many);
    expect(r.publicSignals).toHaveLength(81);
    expect(await snarkjs.groth16.verify(vk2, r.publicSignals, r.proof)).toBe(true);
    const forged = [...r.publicSignals];
    forged[50] = '7';
    expect(await snarkjs.groth16.verify(vk2, forged, r.proof)).toBe(false);
  });

  it('refuses a malformed r1cs, another curve and an unusable power with a DevSetupError', async () => {
    const good = writeR1cs({ nWires: 3, nPubOut: 1, nPubIn: 0, nPrvIn: 1, constraints: [{ a: [{ wire: 2, coef: 1n }], b: [{ wire: 2, coef: 1n }], c: [{ wire: 1, coef: 1n }] }] });
    const refused = async (bytes: Uint8Array, opts: { power?: number } = {}): Promise<DevSetupError> => {
      const e = await devGroth16Setup(bytes, opts).then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(DevSetupError);
      return e as DevSetupError;
    };
    expect((await refused(new TextEncoder().encode('not an r1cs at all'))).details.reason).toBe('r1cs');
    expect((await refused(good.slice(0, good.length - 30))).message).toMatch(/truncated/);
    const wireOut = writeR1cs({ nWires: 3, nPubOut: 1, nPubIn: 0, nPrvIn: 1, constraints: [{ a: [{ wire: 5, coef: 1n }], b: [], c: [] }] });
    expect((await refused(wireOut)).message).toMatch(/wire 5/);
    const tooBig = good.slice();
    // the first coefficient (constraints section: 12-byte section header, then nA, wire)
    const csStart = 12 + 12 + (4 + 32 + 28) + 12;
    tooBig.fill(0xff, csStart + 8, csStart + 8 + 32);
    expect((await refused(tooBig)).message).toMatch(/coefficient/);
    const bls = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
    const other = await refused(writeR1cs({ nWires: 2, nPubOut: 1, nPubIn: 0, nPrvIn: 0, constraints: [], prime: bls }));
    expect(other.details.reason).toBe('curve');
    expect(other.message).toMatch(/bls12-381/);
    const low = await refused(good, { power: 1 });
    expect(low.details).toMatchObject({ reason: 'power', needed: 2 });
    expect((await refused(good, { power: 28 })).details.reason).toBe('power');
    expect((await refused(good, { power: 2.5 })).details.reason).toBe('power');
  });

  it('measures: devGroth16Setup vs snarkjs newZKey + zkey beacon at 2^12', async () => {
    const r1cs = chainR1cs(4000, 4);
    expect(devSetupPower(readR1csShape(r1cs))).toBe(12);
    const t0 = performance.now();
    const mine = await devGroth16Setup(r1cs);
    const t1 = performance.now();
    const ref = await referenceBeacon(r1cs, 12);
    const t2 = performance.now();
    expect(same(mine, ref)).toBe(true);
    console.log(`2^12 (4000 constraints): devGroth16Setup ${((t1 - t0) / 1000).toFixed(2)} s, snarkjs newZKey + zkey beacon ${((t2 - t1) / 1000).toFixed(2)} s`);
  });
});
