/**
 * contracts/lib/Groth16.sol through VerifierRegistry on a REAL anvil: every path of the vk_x
 * accumulation (zero, small positive and negative signals by double-and-add, full-width ones by
 * ecMul, and the boundaries between them), non-canonical proof coordinates, and the largest key
 * the registry accepts (375 public signals), registered, measured against EIP-170 and verified.
 * Proofs are made here by snarkjs over the committed development ptau; snarkjs's own verifier is
 * the reference for what must be accepted.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as snarkjs from 'snarkjs';
import { createPublicClient, createWalletClient, getAddress, http, type Address, type Hex, type PublicClient, type WalletClient } from 'viem';
import { compileSource, ROOT } from '../circuits/test/harness.js';
import { startAnvil, deploy, type AnvilInstance } from '../../scripts/chain.js';
import { verifierRegistryAbi } from './abi/verifier-registry.js';
import { BN254_Q, BN254_R, groth16VkToBytes, proofToCalldata, publicSignalsToCalldata } from './calldata.js';
import { ContractRevertedError } from './errors.js';
import { registerCircuit } from './register-circuit.js';
import { verifyOnChain } from './verify-on-chain.js';
import { getCircuit } from './get-circuit.js';
import { getClaim } from './get-claim.js';

const EIP170 = 24_576;
/** Groth16.SMALL_BITS: |signal| below 2^10 goes through double-and-add. */
const SMALL = 1n << 10n;

/** n public signals y[i] = k · a[i] (outputs), so a test can choose any field values. */
const signalsCircuit = (n: number) => [
  'pragma circom 2.2.3;',
  'template Signals(n) {',
  '    signal input k;',
  '    signal input a[n];',
  '    signal output y[n];',
  '    for (var i = 0; i < n; i++) { y[i] <== k * a[i]; }',
  '}',
  `component main = Signals(${n});`,
  '',
].join('\n');

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

  it('the largest key (375 public signals): registered, its data contract fits EIP-170, a real proof verifies; 376 is refused', async () => {
    const big = await keyed(375);
    const circuit = (await getCircuit(pub, { registry, circuitId: big.circuitId }))!;
    expect(circuit.nPublic).toBe(375);
    const size = ((await pub.getCode({ address: circuit.logic })) ?? '0x').length / 2 - 1;
    expect(size).toBe(1 + 448 + 64 * 376);
    expect(size).toBeLessThanOrEqual(EIP170);

    const ys = Array.from({ length: 375 }, (_, i) => (i % 3 === 0 ? BigInt(i) : i % 3 === 1 ? BN254_R - BigInt(i) : BN254_R - 1n - BigInt(i) * 999_999_937n));
    const p = await proveSignals(big, ys);
    // 375 ecMuls need ~2.5M gas: above the default limit, so pass one.
    const r = await verifyOnChain(wallet, { registry, circuitId: big.circuitId, scheme: 'groth16', proof: p.words, publicSignals: p.signals, gas: 5_000_000n });
    expect(r.event.circuitId).toBe(big.circuitId);
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
