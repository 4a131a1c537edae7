/**
 * contracts/lib/Groth16.sol through VerifierRegistry on a REAL anvil: every path of the vk_x
 * accumulation (zero, small positive and negative signals by double-and-add, full-width ones by
 * ecMul, and the boundaries between them), non-canonical proof coordinates, points off the curve
 * and a G2 point outside the order-r subgroup, and the largest key
 * the registry accepts (375 public signals), registered, measured against EIP-170 and verified.
 * Proofs are made here by snarkjs over the committed development ptau; snarkjs's own verifier is
 * the reference for what must be accepted.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as snarkjs from 'snarkjs';
import { createPublicClient, createWalletClient, encodeAbiParameters, getAddress, http, type Address, type Hex, type PublicClient, type WalletClient } from 'viem';
import { compileSource, ROOT } from '../circuits/test/harness.js';
import { startAnvil, deploy, type AnvilInstance } from '../../scripts/chain.js';
import { verifierRegistryAbi } from './abi/verifier-registry.js';
import { BN254_Q, BN254_R, groth16VkToBytes, proofToCalldata, publicSignalsToCalldata } from './calldata.js';
import { ContractRevertedError } from './errors.js';
import { registerCircuit } from './register-circuit.js';
import { verifyOnChain, verifyGasLimit, VERIFY_GAS_LIMIT } from './verify-on-chain.js';
import { getCircuit } from './get-circuit.js';
import { getClaim } from './get-claim.js';
import { signalsCircuit } from '../../tests/helpers/circuits.js';

const EIP170 = 24_576;
/** Groth16.SMALL_BITS: |signal| below 2^10 goes through double-and-add. */
const SMALL = 1n << 10n;

// ---- BN254's G2 (the twist y² = x³ + 3/(9 + u) over Fq2 = Fq[u]/(u² + 1)), in plain bigints: only
// to build test points the precompile must refuse. Elements are [re, im].
type F2 = readonly [bigint, bigint];
type G2 = { x: F2; y: F2 } | null; // null: the point at infinity
const Q = BN254_Q;
const md = (a: bigint) => ((a % Q) + Q) % Q;
const pow = (b: bigint, e: bigint) => { let r = 1n; b = md(b); for (; e > 0n; e >>= 1n, b = (b * b) % Q) if (e & 1n) r = (r * b) % Q; return r; };
const f2 = {
  add: (a: F2, b: F2): F2 => [md(a[0] + b[0]), md(a[1] + b[1])],
  sub: (a: F2, b: F2): F2 => [md(a[0] - b[0]), md(a[1] - b[1])],
  mul: (a: F2, b: F2): F2 => [md(a[0] * b[0] - a[1] * b[1]), md(a[0] * b[1] + a[1] * b[0])],
  inv: (a: F2): F2 => { const n = pow(a[0] * a[0] + a[1] * a[1], Q - 2n); return [md(a[0] * n), md(-a[1] * n)]; },
  eq: (a: F2, b: F2) => a[0] === b[0] && a[1] === b[1],
};
const TWIST_B = f2.mul([3n, 0n], f2.inv([9n, 1n]));
const onTwist = (p: { x: F2; y: F2 }) => f2.eq(f2.mul(p.y, p.y), f2.add(f2.mul(f2.mul(p.x, p.x), p.x), TWIST_B));
function g2Add(p: G2, q: G2): G2 {
  if (!p) return q;
  if (!q) return p;
  let l: F2;
  if (f2.eq(p.x, q.x)) {
    if (!f2.eq(p.y, q.y) || f2.eq(p.y, [0n, 0n])) return null;
    const x2 = f2.mul(p.x, p.x);
    l = f2.mul(f2.add(f2.add(x2, x2), x2), f2.inv(f2.add(p.y, p.y)));
  } else {
    l = f2.mul(f2.sub(q.y, p.y), f2.inv(f2.sub(q.x, p.x)));
  }
  const x = f2.sub(f2.sub(f2.mul(l, l), p.x), q.x);
  return { x, y: f2.sub(f2.mul(l, f2.sub(p.x, x)), p.y) };
}
function g2Mul(p: G2, k: bigint): G2 {
  let r: G2 = null;
  for (let a = p; k > 0n; k >>= 1n, a = g2Add(a, a)) if (k & 1n) r = g2Add(r, a);
  return r;
}
/** √a in Fq (q ≡ 3 mod 4), or undefined. */
function sqrtFq(a: bigint): bigint | undefined {
  const r = pow(a, (Q + 1n) / 4n);
  return (r * r) % Q === md(a) ? r : undefined;
}
/** √a in Fq2 by the norm: (x0 + x1·u)² = a with x0² = (a0 ± √(a0² + a1²))/2, x1 = a1/(2·x0). */
function sqrtF2(a: F2): F2 | undefined {
  const s = sqrtFq(a[0] * a[0] + a[1] * a[1]);
  if (s === undefined) return undefined;
  const half = pow(2n, Q - 2n);
  for (const d of [md((a[0] + s) * half), md((a[0] - s) * half)]) {
    const x0 = sqrtFq(d);
    if (x0 === undefined || x0 === 0n) continue;
    const r: F2 = [x0, md(a[1] * pow(2n * x0, Q - 2n))];
    if (f2.eq(f2.mul(r, r), a)) return r;
  }
  return undefined;
}
/** EIP-197's generator of G2's order-r subgroup. */
const G2_GEN = {
  x: [10857046999023057135944570762232829481370756359578518086990519993285655852781n, 11559732032986387107991004021392285783925812861821192530917403151452391805634n] as F2,
  y: [8495653923123431417604973247489272438418190587263600148770280649306958101930n, 4082367875863433681332203403145435568316851327593401208105741076214120093531n] as F2,
};
/** A point on the twist (first x = k + 0·u with a square right-hand side) and therefore NOT of order r. */
function twistPointOutsideG2(): { x: F2; y: F2 } {
  for (let k = 1n; ; k++) {
    const x: F2 = [k, 0n];
    const y = sqrtF2(f2.add(f2.mul(f2.mul(x, x), x), TWIST_B));
    if (y) return { x, y };
  }
}
/** EIP-197 word order: x.im, x.re, y.im, y.re. */
const g2Words = (p: { x: F2; y: F2 }) => [p.x[1], p.x[0], p.y[1], p.y[0]];

interface Keyed { zkey: Uint8Array; vkey: snarkjs.VerificationKey; wasm: Uint8Array; circuitId: Hex }

describe('Groth16 verification paths on a real anvil', () => {
  let anvil: AnvilInstance;
  let pub: PublicClient;
  let wallet: WalletClient;
  let me: Address;
  let registry: Address;
  let ptau: Uint8Array;
  let four: Keyed;

  async function keyed(n: number): Promise<Keyed> {
    const c = await compileSource(signalsCircuit(n), `chain-signals-${n}`);
    const r1cs = fs.readFileSync(path.join(c.dir, 'circuit.r1cs'));
    const wasm = fs.readFileSync(path.join(c.dir, 'circuit_js/circuit.wasm'));
    const z0: snarkjs.MemFile = { type: 'mem' }, z1: snarkjs.MemFile = { type: 'mem' };
    expect(await snarkjs.zKey.newZKey(r1cs, ptau, z0)).not.toBe(-1);
    await snarkjs.zKey.contribute(z0.data!, z1, 'test', `groth16 paths ${n}`);
    const vkey = await snarkjs.zKey.exportVerificationKey(z1.data!);
    const r = await registerCircuit(wallet, { registry, scheme: 'groth16', vkey });
    return { zkey: z1.data!, vkey, wasm, circuitId: r.circuitId };
  }

  /** A proof whose public signals are exactly `ys` (k = 1, a = ys). */
  async function proveSignals(c: Keyed, ys: bigint[]) {
    const { proof, publicSignals } = await snarkjs.groth16.fullProve({ k: '1', a: ys.map(String) }, c.wasm, c.zkey);
    expect(publicSignals).toEqual(ys.map(String));
    return { words: proofToCalldata('groth16', proof), signals: publicSignalsToCalldata(publicSignals), proof, publicSignals };
  }

  const onChain = (c: Keyed, words: readonly bigint[], signals: readonly bigint[]) =>
    pub.readContract({ address: registry, abi: verifierRegistryAbi, functionName: 'verifyProof', args: [c.circuitId, words, signals] });

  beforeAll(async () => {
    anvil = await startAnvil();
    const transport = http(anvil.url, { retryCount: 0 });
    pub = createPublicClient({ transport });
    me = getAddress(((await pub.request({ method: 'eth_accounts' } as never)) as Address[])[0]);
    wallet = createWalletClient({ transport, account: me });
    registry = (await deploy({ url: anvil.url, out: null })).contracts.VerifierRegistry;
    ptau = fs.readFileSync(path.join(ROOT, 'circuits-prebuilt/dev-ptau/pot10_dev.ptau'));
    four = await keyed(4);
  });

  afterAll(async () => {
    await anvil?.stop();
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  });

  it('accepts exactly what snarkjs accepts, on every side of the small-signal boundary, both signs', async () => {
    const r = BN254_R;
    const vectors: [string, bigint[]][] = [
      ['zeros and ones', [0n, 1n, 0n, r - 1n]],
      ['largest small values, both signs', [SMALL - 1n, r - (SMALL - 1n), 2n, r - 2n]],
      ['first values past the boundary (ecMul)', [SMALL, r - SMALL, SMALL + 1n, r - SMALL - 1n]],
      ['full width', [r - 1n - (r >> 3n), r >> 1n, (r >> 1n) + 1n, 0x1234567890abcdef1234567890abcdefn]],
      ['mixed', [5n, r - 700n, 123456789n, 0n]],
    ];
    for (const [label, ys] of vectors) {
      const p = await proveSignals(four, ys);
      expect(await snarkjs.groth16.verify(four.vkey, p.publicSignals, p.proof), label).toBe(true);
      expect(await onChain(four, p.words, p.signals), label).toBe(true);
      // Each signal moved by ±1, and each non-zero signal negated: snarkjs and the contract reject.
      for (let i = 0; i < ys.length; i++) {
        const variants = [(ys[i] + 1n) % r, (ys[i] + r - 1n) % r, ...(ys[i] ? [r - ys[i]] : [])];
        for (const v of variants) {
          const tampered = p.signals.map((s, j) => (j === i ? v : s));
          const ref = await snarkjs.groth16.verify(four.vkey, tampered.map(String), p.proof);
          expect(ref, `${label}: signal ${i} → ${v}`).toBe(false);
          expect(await onChain(four, p.words, tampered), `${label}: signal ${i} → ${v}`).toBe(false);
        }
      }
    }
  });

  it('a proof coordinate written as x + q (same residue, not canonical) is rejected, for each of the 8 words', async () => {
    const p = await proveSignals(four, [3n, 4n, 5n, 6n]);
    expect(await onChain(four, p.words, p.signals)).toBe(true);
    for (let i = 0; i < 8; i++) {
      const words = p.words.map((w, j) => (j === i ? w + BN254_Q : w));
      expect(await onChain(four, words, p.signals), `word ${i}`).toBe(false);
    }
    // and through verify: a revert, nothing recorded
    const words = p.words.map((w, j) => (j === 1 ? w + BN254_Q : w));
    const e = await verifyOnChain(wallet, { registry, circuitId: four.circuitId, scheme: 'groth16', proof: words, publicSignals: p.signals }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(ContractRevertedError);
    expect((e as ContractRevertedError).errorName).toBe('InvalidProof');
    expect(await getClaim(pub, { registry, circuitId: four.circuitId, publicSignals: p.signals })).toBeNull();
  });

  it('points off the curve, and a point on the twist outside G2\'s order-r subgroup, are rejected (by the pairing precompile itself)', async () => {
    // The arithmetic above is checked first: the generator is on the twist and has order r.
    expect(onTwist(G2_GEN)).toBe(true);
    expect(g2Mul(G2_GEN, BN254_R)).toBeNull();
    const bad = twistPointOutsideG2();
    expect(onTwist(bad)).toBe(true);
    expect(g2Mul(bad, BN254_R)).not.toBeNull(); // on the curve, not in the subgroup

    // The precompile (0x08) directly: e(g1, g2) · e(-g1, g2) = 1 passes; the same with `bad` fails.
    const g1: [bigint, bigint] = [1n, 2n];
    const negG1: [bigint, bigint] = [1n, BN254_Q - 2n];
    const pairing = (h: { x: F2; y: F2 }) => encodeAbiParameters([{ type: 'uint256[12]' }], [[...g1, ...g2Words(h), ...negG1, ...g2Words(h)] as never]);
    const PAIRING = '0x0000000000000000000000000000000000000008';
    expect((await pub.call({ to: PAIRING, data: pairing(G2_GEN) })).data).toBe(`0x${'0'.repeat(63)}1`);
    expect(await pub.call({ to: PAIRING, data: pairing(bad) }).then(() => 'accepted', () => 'refused')).toBe('refused');

    // Through the registry. G1 (A, C) has cofactor 1: every point on its curve is in the group, so
    // "off the curve" is the only way to be outside it.
    const p = await proveSignals(four, [7n, 8n, 9n, 10n]);
    expect(await onChain(four, p.words, p.signals)).toBe(true);
    const cases: [string, bigint[]][] = [
      ['B on the twist, outside the order-r subgroup', [...p.words.slice(0, 2), ...g2Words(bad), ...p.words.slice(6)]],
      ['B.y.re + 1 (off the twist)', p.words.map((w, i) => (i === 5 ? (w + 1n) % BN254_Q : w))],
      ['A.y + 1 (off the curve)', p.words.map((w, i) => (i === 1 ? (w + 1n) % BN254_Q : w))],
      ['C.x + 1 (off the curve)', p.words.map((w, i) => (i === 6 ? (w + 1n) % BN254_Q : w))],
      ['C at infinity (0, 0)', p.words.map((w, i) => (i >= 6 ? 0n : w))],
      ['B = generator of G2 (in the group, wrong proof)', [...p.words.slice(0, 2), ...g2Words(G2_GEN), ...p.words.slice(6)]],
    ];
    for (const [label, words] of cases) {
      expect(await onChain(four, words, p.signals), label).toBe(false);
      const e = await verifyOnChain(wallet, { registry, circuitId: four.circuitId, scheme: 'groth16', proof: words, publicSignals: p.signals }).then(() => undefined, (x: unknown) => x);
      expect(e, label).toBeInstanceOf(ContractRevertedError);
      expect((e as ContractRevertedError).errorName, label).toBe('InvalidProof');
    }
    expect(await getClaim(pub, { registry, circuitId: four.circuitId, publicSignals: p.signals })).toBeNull();
  });

  it('the largest key (375 public signals): registered, its data contract fits EIP-170, a real proof verifies; 376 is refused', async () => {
    const big = await keyed(375);
    const circuit = (await getCircuit(pub, { registry, circuitId: big.circuitId }))!;
    expect(circuit.nPublic).toBe(375);
    const size = ((await pub.getCode({ address: circuit.logic })) ?? '0x').length / 2 - 1;
    expect(size).toBe(1 + 448 + 64 * 376);
    expect(size).toBeLessThanOrEqual(EIP170);

    const ys = Array.from({ length: 375 }, (_, i) => (i % 3 === 0 ? BigInt(i) : i % 3 === 1 ? BN254_R - BigInt(i) : BN254_R - 1n - BigInt(i) * 999_999_937n));
    const p = await proveSignals(big, ys);
    // 375 ecMuls need ~2.5M gas, above VERIFY_GAS_LIMIT: with it, a clear revert (VerifierOutOfGas),
    // never an "invalid proof"; the default limit grows with the number of signals instead.
    const short = await verifyOnChain(wallet, { registry, circuitId: big.circuitId, scheme: 'groth16', proof: p.words, publicSignals: p.signals, gas: VERIFY_GAS_LIMIT })
      .then(() => undefined, (x: unknown) => x);
    expect(short).toBeInstanceOf(ContractRevertedError);
    expect((short as ContractRevertedError).errorName).toBe('VerifierOutOfGas');
    expect(verifyGasLimit(375)).toBeGreaterThan(VERIFY_GAS_LIMIT);
    const r = await verifyOnChain(wallet, { registry, circuitId: big.circuitId, scheme: 'groth16', proof: p.words, publicSignals: p.signals });
    expect(r.event.circuitId).toBe(big.circuitId);
    expect(r.gasLimit).toBe(verifyGasLimit(375));
    expect(r.gasUsed).toBeLessThan(r.gasLimit);
    const tampered = p.signals.map((s, i) => (i === 374 ? (s + 1n) % BN254_R : s));
    // eth_call runs with the node's block gas limit (30M on anvil): no limit to pass.
    expect(await pub.readContract({ address: registry, abi: verifierRegistryAbi, functionName: 'verifyProof', args: [big.circuitId, p.words, tampered] })).toBe(false);

    // One more IC point: 376 signals would make a data contract over the limit.
    const vk = groth16VkToBytes(big.vkey);
    const tooBig = `${vk}${vk.slice(-128)}` as Hex;
    const e = await pub.simulateContract({ address: registry, abi: verifierRegistryAbi, functionName: 'registerGroth16', args: [tooBig], account: me })
      .then(() => undefined, (x: unknown) => x);
    expect(String(e)).toMatch(/BadPublicSignalCount/);
    expect(1 + 448 + 64 * 377).toBeGreaterThan(EIP170);
  });
});
