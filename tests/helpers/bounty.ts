/**
 * Stand-in circuits for the bounty contract's tests and bench (src/chain/bounty*.test.ts,
 * bench/chain.ts) with exactly the public-signal layouts of docs/PROTOCOL.md §5–7, set up with the
 * project's development Groth16 setup (src/zk/dev-setup.ts: NOT FOR VALUE) and proved with snarkjs.
 * The contract only checks the registry's verdict plus the signals, so any circuit with these
 * layouts exercises it; the real RevealTestSet / accuracy / Handover circuits replace them.
 *
 * - `revealStandIn(K, M)`: the real §4 testRoot (batch leaves PoseidonCommit(tag("batch/v1"), k,
 *   d_k…), Poseidon Merkle tree, leaf k at the path bits of k) and e = Σ d_i ρ^i over private d;
 *   outputs [testRoot, e], public input ρ. It binds the data, so a changed byte needs another testRoot.
 * - `revealLayout()`: same signals, testRoot and e simply passed through (for the 100-MNIST bench,
 *   whose real circuit is ~10^5 constraints: the verification gas depends only on the signals).
 * - `accuracyStandIn(v)`: [correct, commitment, testRoot, batchIndex, beneficiary, bountyId];
 *   correct and commitment are private inputs passed through (a stand-in proves nothing about a
 *   model); `v` makes another key (another architecture).
 * - `handoverStandIn(L)`: [commitment, hunterPubX, hunterPubY, e, providerPubX, providerPubY, nonce, ρ]
 *   with e = Σ c_i ρ^i over a private ciphertext c[L] (it does not prove the encryption).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as snarkjs from 'snarkjs';
import { Base8, mulPointEscalar, subOrder } from '@zk-kit/baby-jubjub';
import { poseidonEncrypt } from '@zk-kit/poseidon-cipher';
import { compileSource } from '../../src/circuits/test/harness.js';
import { createPublicClient, createWalletClient, getAddress, http, type Address, type PublicClient, type WalletClient } from 'viem';
import { startAnvil, deploy, type AnvilInstance } from '../../scripts/chain.js';
import { devKey } from './dev-keys.js';
import { tag } from '../../src/core/commit/tags.js';
import { groth16CircuitId, proofToCalldata } from '../../src/chain/calldata.js';

export interface StandIn {
  name: string;
  wasm: Uint8Array;
  zkey: Uint8Array;
  vkey: snarkjs.VerificationKey;
  circuitId: `0x${string}`;
  nPublic: number;
}

export interface Proved {
  /** 8 words (proofToCalldata). */
  proof: bigint[];
  publicSignals: bigint[];
}

const depth = (k: number) => Math.max(1, Math.ceil(Math.log2(k)));

export const revealStandInSource = (K: number, M: number): string => {
  const D = depth(K);
  return [
    'pragma circom 2.2.3;',
    'include "poseidon-commit.circom";',
    'include "circomlib/circuits/poseidon.circom";',
    `template RevealStandIn(K, M, D) {`,
    '    signal input d[K * M];',
    '    signal input rho;',
    '    signal output testRoot;',
    '    signal output e;',
    '    var W = 1 << D;',
    '    component leaf[K];',
    '    signal node[2 * W];',
    '    for (var k = 0; k < K; k++) {',
    '        leaf[k] = PoseidonCommit(M + 2);',
    `        leaf[k].in[0] <== ${tag('batch/v1')};`,
    '        leaf[k].in[1] <== k;',
    '        for (var j = 0; j < M; j++) { leaf[k].in[2 + j] <== d[k * M + j]; }',
    '        node[W + k] <== leaf[k].out;',
    '    }',
    '    for (var k = K; k < W; k++) { node[W + k] <== 0; }',
    '    component h[W];',
    '    for (var i = W - 1; i >= 1; i--) {',
    '        h[i] = Poseidon(2);',
    '        h[i].inputs[0] <== node[2 * i];',
    '        h[i].inputs[1] <== node[2 * i + 1];',
    '        node[i] <== h[i].out;',
    '    }',
    '    testRoot <== node[1];',
    '    signal acc[K * M];',
    '    acc[K * M - 1] <== d[K * M - 1];',
    '    for (var i = K * M - 2; i >= 0; i--) { acc[i] <== d[i] + rho * acc[i + 1]; }',
    '    e <== acc[0];',
    '}',
    `component main {public [rho]} = RevealStandIn(${K}, ${M}, ${D});`,
    '',
  ].join('\n');
};

export const REVEAL_LAYOUT_SOURCE = [
  'pragma circom 2.2.3;',
  'template RevealLayout() {',
  '    signal input rootIn; signal input eIn; signal input rho;',
  '    signal output testRoot; signal output e;',
  '    testRoot <== rootIn; e <== eIn;',
  '    signal r2 <== rho * rho;',
  '}',
  'component main {public [rho]} = RevealLayout();',
  '',
].join('\n');

export const accuracyStandInSource = (v: number): string => [
  'pragma circom 2.2.3;',
  'template AccuracyStandIn(V) {',
  '    signal input correctIn; signal input commitmentIn;',
  '    signal input testRoot; signal input batchIndex; signal input beneficiary; signal input bountyId;',
  '    signal output correct; signal output commitment;',
  '    correct <== correctIn; commitment <== commitmentIn;',
  '    signal sq[4];',
  '    sq[0] <== testRoot * testRoot; sq[1] <== batchIndex * batchIndex;',
  '    sq[2] <== beneficiary * beneficiary; sq[3] <== bountyId * bountyId;',
  '    signal variant <== V * correctIn * correctIn;',
  '}',
  `component main {public [testRoot, batchIndex, beneficiary, bountyId]} = AccuracyStandIn(${v});`,
  '',
].join('\n');

export const handoverStandInSource = (L: number): string => [
  'pragma circom 2.2.3;',
  'template HandoverStandIn(L) {',
  '    signal input c[L]; signal input commitmentIn; signal input hx; signal input hy;',
  '    signal input providerPubX; signal input providerPubY; signal input nonce; signal input rho;',
  '    signal output commitment; signal output hunterPubX; signal output hunterPubY; signal output e;',
  '    commitment <== commitmentIn; hunterPubX <== hx; hunterPubY <== hy;',
  '    signal acc[L];',
  '    acc[L - 1] <== c[L - 1];',
  '    for (var i = L - 2; i >= 0; i--) { acc[i] <== c[i] + rho * acc[i + 1]; }',
  '    e <== acc[0];',
  '    signal sq[3];',
  '    sq[0] <== providerPubX * providerPubX; sq[1] <== providerPubY * providerPubY; sq[2] <== nonce * nonce;',
  '}',
  `component main {public [providerPubX, providerPubY, nonce, rho]} = HandoverStandIn(${L});`,
  '',
].join('\n');

const setups = new Map<string, Promise<StandIn>>();

/** Compiles (cached by the harness), sets up (development keys: NOT FOR VALUE, cached by ./dev-keys.ts) and describes a stand-in. */
export function standIn(name: string, source: string): Promise<StandIn> {
  let p = setups.get(source);
  if (!p) {
    p = (async () => {
      const c = await compileSource(source, name);
      const r1cs = new Uint8Array(fs.readFileSync(path.join(c.dir, 'circuit.r1cs')));
      const wasm = new Uint8Array(fs.readFileSync(path.join(c.dir, 'circuit_js/circuit.wasm')));
      const zkey = await devKey(r1cs); // devGroth16Setup(r1cs), once per r1cs across test files (./dev-keys.ts)
      const vkey = (await snarkjs.zKey.exportVerificationKey(zkey)) as snarkjs.VerificationKey;
      return { name, wasm, zkey, vkey, circuitId: groth16CircuitId(vkey), nPublic: Number(vkey.nPublic) };
    })();
    setups.set(source, p);
  }
  return p;
}

const proofs = new Map<string, Promise<Proved>>();

/** A Groth16 proof (cached by circuit and input: property tests replay the same statements). */
export function proveStandIn(c: StandIn, input: Record<string, unknown>): Promise<Proved> {
  const key = `${c.circuitId}:${JSON.stringify(input, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`;
  let p = proofs.get(key);
  if (!p) {
    p = (async () => {
      const norm = JSON.parse(JSON.stringify(input, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
      const { proof, publicSignals } = await snarkjs.groth16.fullProve(norm, c.wasm, c.zkey);
      return { proof: proofToCalldata('groth16', proof), publicSignals: publicSignals.map((s) => BigInt(s)) };
    })();
    proofs.set(key, p);
  }
  return p;
}

// ---------------------------------------------------------------- test sets (PROTOCOL §4)

export interface TestSet {
  /** R = P_0 ‖ … ‖ P_{K−1}. */
  data: Uint8Array;
  /** Elements per batch (m). */
  m: number;
  K: number;
}

/** Batch payloads salt ‖ samples ‖ labels, each zero-padded to 31-byte chunks, concatenated. */
export function buildTestSet(samples: readonly Uint8Array[], labels: readonly number[], batchSize: number, salt: (k: number) => Uint8Array): TestSet {
  const S = samples[0].length;
  const K = samples.length / batchSize;
  const m = Math.ceil((31 + batchSize * S + batchSize) / 31);
  const data = new Uint8Array(K * m * 31);
  for (let k = 0; k < K; k++) {
    let o = k * m * 31;
    const s = salt(k);
    if (s.length !== 31) throw new RangeError('a salt is 31 bytes');
    data.set(s, o);
    o += 31;
    for (let b = 0; b < batchSize; b++) { data.set(samples[k * batchSize + b], o); o += S; }
    for (let b = 0; b < batchSize; b++) data[o++] = labels[k * batchSize + b];
  }
  return { data, m, K };
}

/** Deterministic pseudo-random bytes (xorshift32), for salts and samples in tests. */
export function pseudoBytes(seed: number, n: number): Uint8Array {
  let s = seed | 1;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; out[i] = s & 0xff; }
  return out;
}

// ---------------------------------------------------------------- hand-over keys (PROTOCOL §7)

export interface BjjKey { sk: bigint; pub: [bigint, bigint] }

/** A BabyJubJub key from a seed (sk ∈ [1, l)). */
export function bjjKey(seed: bigint): BjjKey {
  const sk = (seed % (subOrder - 1n)) + 1n;
  return { sk, pub: mulPointEscalar(Base8, sk) };
}

/** ECDH shared point and the ciphertext of `limbs` for the provider (PROTOCOL §7). */
export function encryptForProvider(limbs: bigint[], hunter: BjjKey, providerPub: [bigint, bigint], nonce: bigint): { shared: [bigint, bigint]; ciphertext: bigint[] } {
  const shared = mulPointEscalar(providerPub, hunter.sk);
  return { shared, ciphertext: poseidonEncrypt(limbs, shared, nonce) };
}

// ---------------------------------------------------------------- a chain with the contracts

export interface BountyChain {
  anvil: AnvilInstance;
  pub: PublicClient;
  /** anvil's development accounts, in order */
  accounts: Address[];
  wallets: WalletClient[];
  registry: Address;
  manager: Address;
  /** the wallet client of an account */
  wallet(a: Address): WalletClient;
}

/** A real anvil on a free port with the VerifierRegistry and the BountyManager deployed (stop it with `anvil.stop()`). */
export async function startBountyChain(): Promise<BountyChain> {
  const anvil = await startAnvil();
  const transport = http(anvil.url, { retryCount: 0 });
  const pub = createPublicClient({ transport });
  const accounts = ((await pub.request({ method: 'eth_accounts' } as never)) as Address[]).map((a) => getAddress(a));
  const wallets = accounts.map((a) => createWalletClient({ transport, account: a }));
  const d = await deploy({ url: anvil.url, out: null });
  return {
    anvil, pub, accounts, wallets, registry: d.contracts.VerifierRegistry, manager: d.contracts.BountyManager!,
    wallet: (a) => wallets[accounts.indexOf(a)]!,
  };
}
