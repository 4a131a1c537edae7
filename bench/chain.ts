/**
 * Chain benchmark: gas and contract sizes of the verifier registry on a real anvil (started on a
 * free port, stopped afterwards), with Groth16/PLONK/FFLONK proofs made here from tiny circuits
 * (compiled with the test harness, set up on the committed development ptau).
 *
 * Measured, all from transaction receipts (`gasUsed`, exact, no estimates):
 * - `verify` through the registry (check + claim record + event) for 1, 2, 4 and 8 public signals,
 *   with full-width signals (random field elements: the worst case, e.g. a Poseidon commitment)
 *   and with small signed ones (|v| < 2^10: class indices, pixels, logits);
 * - the check alone: the registry's `verifyProof` view sent as a transaction, and snarkjs's own
 *   per-circuit Groth16Verifier on the same proof, both also net of the 21,000 intrinsic gas and
 *   the calldata;
 * - PLONK and FFLONK through the registry and directly;
 * - every deployed contract's runtime size against EIP-170 (24,576 bytes), including a Groth16
 *   key data contract at the registry's maximum of 375 public signals.
 *
 * Writes bench/chain.json and the "chain" section of docs/BENCHMARKS.md (between its markers).
 *   npx tsx bench/chain.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createPublicClient, createWalletClient, encodeFunctionData, getAddress, http, toBytes,
  type Address, type Hex, type PublicClient, type WalletClient,
} from 'viem';
import type { Proof, PublicSignals, VerificationKey } from 'snarkjs';
import { compileSource } from '../src/circuits/test/harness.js';
import { startAnvil, deploy } from '../scripts/chain.js';
import { compileSolidity, solcVersion, SOLC_SETTINGS } from '../scripts/compile-contracts.js';
import { verifierRegistryAbi } from '../src/chain/abi/verifier-registry.js';
import { BN254_R, groth16VkToBytes, proofToCalldata, publicSignalsToCalldata, type Scheme } from '../src/chain/calldata.js';
import { deployVerifier } from '../src/chain/deploy-verifier.js';
import { registerCircuit } from '../src/chain/register-circuit.js';
import { verifyOnChain, VERIFY_GAS_LIMIT } from '../src/chain/verify-on-chain.js';
import { getCircuit } from '../src/chain/get-circuit.js';
import { setup } from '../src/zk/setup.js';
import { prove } from '../src/zk/prove.js';
import { solidityVerifier } from '../src/zk/export.js';
import { signalsCircuit } from '../tests/helpers/circuits.js';
import { ROOT, host, writeBenchSection } from './doc.js';

const JSON_OUT = path.join(ROOT, 'bench/chain.json');
const EIP170 = 24_576;
const INTRINSIC = 21_000;
const SIGNAL_COUNTS = [1, 2, 4, 8] as const;

/** Calldata gas (EIP-2028): 4 per zero byte, 16 per non-zero byte. */
function calldataGas(data: Hex): number {
  let g = 0;
  for (const b of toBytes(data)) g += b === 0 ? 4 : 16;
  return g;
}

/** A deterministic pseudo-random field element (xorshift over 4 words), for full-width signals. */
function prng(seed: bigint): () => bigint {
  let s = seed | 1n;
  const M = (1n << 64n) - 1n;
  const next64 = () => { s ^= (s << 13n) & M; s ^= s >> 7n; s ^= (s << 17n) & M; return s; };
  return () => ((next64() << 192n) | (next64() << 128n) | (next64() << 64n) | next64()) % BN254_R;
}

interface Proved { proof: Proof; publicSignals: PublicSignals }

async function main(): Promise<void> {
  const t0 = performance.now();
  const ptau = new Uint8Array(fs.readFileSync(path.join(ROOT, 'circuits-prebuilt/dev-ptau/pot10_dev.ptau')));
  const anvil = await startAnvil();
  try {
    const transport = http(anvil.url, { retryCount: 0 });
    const pub: PublicClient = createPublicClient({ transport });
    const clientVersion = (await pub.request({ method: 'web3_clientVersion' } as never)) as string;
    const accounts = (await pub.request({ method: 'eth_accounts' } as never)) as Address[];
    const me = getAddress(accounts[0]);
    const wallet: WalletClient = createWalletClient({ transport, account: me });
    const d = await deploy({ url: anvil.url, out: null });
    const registry = d.contracts.VerifierRegistry;

    const send = async (to: Address, data: Hex) => {
      const hash = await wallet.sendTransaction({ to, data, gas: VERIFY_GAS_LIMIT, chain: null, account: me });
      const r = await pub.waitForTransactionReceipt({ hash });
      if (r.status !== 'success') throw new Error(`transaction to ${to} reverted`);
      return Number(r.gasUsed);
    };
    const codeSize = async (address: Address) => ((await pub.getCode({ address })) ?? '0x').length / 2 - 1;

    const sizes: { contract: string; bytes: number }[] = [];
    const groth16: {
      nPublic: number; signals: 'full-width' | 'small';
      verifyTx: number; verifyProofTx: number; verifyProofExec: number; record: number; calldata: number;
      snarkjsTx: number; snarkjsExec: number; snarkjsEstimate: number; snarkjsAtEstimate: boolean; registerTx?: number;
    }[] = [];
    const others: { scheme: Scheme; nPublic: number; verifyTx: number; verifyProofTx: number; directTx: number; estimate: number; atEstimate: boolean; deployTx: number; size: number }[] = [];

    for (const n of SIGNAL_COUNTS) {
      console.log(`bench: Groth16 with ${n} public signal(s)…`);
      const c = await compileSource(signalsCircuit(n), `bench-signals-${n}`);
      const r1cs = new Uint8Array(fs.readFileSync(path.join(c.dir, 'circuit.r1cs')));
      const wasm = new Uint8Array(fs.readFileSync(path.join(c.dir, 'circuit_js/circuit.wasm')));
      const { zkey, vkey } = await setup({ scheme: 'groth16', r1cs, ptau, entropy: `bench chain ${n}` });
      const reg = await registerCircuit(wallet, { registry, scheme: 'groth16', vkey: vkey as VerificationKey });
      const circuitId = reg.circuitId;

      // snarkjs's own verifier for this key, deployed once.
      const src = await solidityVerifier(zkey);
      const sv = compileSolidity({ 'Groth16Verifier.sol': src })['Groth16Verifier.sol:Groth16Verifier'];
      const dsv = await deployVerifier(wallet, { bytecode: sv.bytecode });
      if (n === 1 || n === 8) sizes.push({ contract: `snarkjs Groth16Verifier (${n} public signal${n > 1 ? 's' : ''})`, bytes: dsv.size });
      const snarkjsAbi = [{ type: 'function', name: 'verifyProof', stateMutability: 'view', inputs: [
        { name: 'a', type: 'uint256[2]' }, { name: 'b', type: 'uint256[2][2]' }, { name: 'c', type: 'uint256[2]' }, { name: 's', type: `uint256[${n}]` },
      ], outputs: [{ type: 'bool' }] }] as const;

      const rnd = prng(BigInt(1000 + n));
      const inputs = {
        // random k and a[i]: every y[i] is a full-width field element
        'full-width': { k: rnd(), a: Array.from({ length: n }, () => rnd()) },
        // k = 1, a[i] small with alternating signs: |y[i]| < 2^10
        small: { k: 1n, a: Array.from({ length: n }, (_, i) => (i % 2 ? BN254_R - BigInt(100 + 97 * i) : BigInt(700 + 37 * i))) },
      } as const;
      for (const kind of ['full-width', 'small'] as const) {
        const { k, a } = inputs[kind];
        const pr: Proved = await prove({ scheme: 'groth16', wasm, zkey, input: { k: k.toString(), a: a.map(String) } });
        const words = proofToCalldata('groth16', pr.proof);
        const signals = publicSignalsToCalldata(pr.publicSignals);
        const vpData = encodeFunctionData({ abi: verifierRegistryAbi, functionName: 'verifyProof', args: [circuitId, words, signals] });
        const verifyProofTx = await send(registry, vpData);
        const sData = encodeFunctionData({
          abi: snarkjsAbi, functionName: 'verifyProof',
          args: [[words[0], words[1]], [[words[2], words[3]], [words[4], words[5]]], [words[6], words[7]], signals] as never,
        });
        if ((await pub.call({ to: dsv.address, data: sData })).data !== `0x${'0'.repeat(63)}1`) throw new Error('snarkjs verifier rejected the proof');
        const snarkjsTx = await send(dsv.address, sData);
        const snarkjsEstimate = Number(await pub.estimateGas({ to: dsv.address, data: sData, account: me }));
        const snarkjsAtEstimate = (await pub.call({ to: dsv.address, data: sData, gas: BigInt(snarkjsEstimate) })).data === `0x${'0'.repeat(63)}1`;
        const v = await verifyOnChain(wallet, { registry, circuitId, scheme: 'groth16', proof: words, publicSignals: signals });
        const verifyTx = Number(v.gasUsed);
        groth16.push({
          nPublic: n, signals: kind, verifyTx, verifyProofTx,
          verifyProofExec: verifyProofTx - INTRINSIC - calldataGas(vpData),
          record: verifyTx - verifyProofTx, calldata: calldataGas(vpData),
          snarkjsTx, snarkjsExec: snarkjsTx - INTRINSIC - calldataGas(sData), snarkjsEstimate, snarkjsAtEstimate,
          registerTx: kind === 'full-width' && reg.status === 'registered' ? Number(reg.gasUsed) : undefined,
        });
      }
      if (n === 1 || n === 4) {
        const circuit = await getCircuit(pub, { registry, circuitId });
        sizes.push({ contract: `Groth16 key data contract (${n} public signal${n > 1 ? 's' : ''})`, bytes: await codeSize(circuit!.logic) });
      }

      if (n === 1 || n === 4) {
        for (const scheme of ['plonk', 'fflonk'] as const) {
          console.log(`bench: ${scheme} with ${n} public signal(s)…`);
          const s = await setup({ scheme, r1cs, ptau });
          const vsrc = await solidityVerifier(s.zkey);
          const name = scheme === 'plonk' ? 'PlonkVerifier' : 'FflonkVerifier';
          const compiled = compileSolidity({ [`${name}.sol`]: vsrc })[`${name}.sol:${name}`];
          const dv = await deployVerifier(wallet, { bytecode: compiled.bytecode });
          sizes.push({ contract: `snarkjs ${name} (${n} public signal${n > 1 ? 's' : ''})`, bytes: dv.size });
          const r = await registerCircuit(wallet, { registry, scheme, verifier: dv.address, nPublic: n });
          const { k, a } = inputs['full-width'];
          const pr: Proved = await prove({ scheme, wasm, zkey: s.zkey, input: { k: k.toString(), a: a.map(String) } });
          const words = proofToCalldata(scheme, pr.proof);
          const signals = publicSignalsToCalldata(pr.publicSignals);
          const verifyProofTx = await send(registry, encodeFunctionData({ abi: verifierRegistryAbi, functionName: 'verifyProof', args: [r.circuitId, words, signals] }));
          const direct = [{ type: 'function', name: 'verifyProof', stateMutability: 'view', inputs: [
            { name: 'p', type: scheme === 'plonk' ? 'uint256[24]' : 'bytes32[24]' }, { name: 's', type: `uint256[${n}]` },
          ], outputs: [{ type: 'bool' }] }] as const;
          const directData = encodeFunctionData({
            abi: direct, functionName: 'verifyProof',
            args: [(scheme === 'plonk' ? words : words.map((w) => `0x${w.toString(16).padStart(64, '0')}`)) as never, signals as never],
          });
          const directTx = await send(dv.address, directData);
          // What eth_estimateGas says for the same direct call, and what the verifier answers at that limit.
          const estimate = Number(await pub.estimateGas({ to: dv.address, data: directData, account: me }));
          const atEstimate = (await pub.call({ to: dv.address, data: directData, gas: BigInt(estimate) })).data === `0x${'0'.repeat(63)}1`;
          const v = await verifyOnChain(wallet, { registry, circuitId: r.circuitId, scheme, proof: words, publicSignals: signals });
          others.push({ scheme, nPublic: n, verifyTx: Number(v.gasUsed), verifyProofTx, directTx, estimate, atEstimate, deployTx: Number(dv.gasUsed), size: dv.size });
        }
      }
    }

    // The largest Groth16 key the registry takes (375 public signals) as a data contract.
    console.log('bench: Groth16 key data contract at 375 public signals…');
    {
      const c = await compileSource(signalsCircuit(1), 'bench-signals-1');
      const r1cs = new Uint8Array(fs.readFileSync(path.join(c.dir, 'circuit.r1cs')));
      const { vkey } = await setup({ scheme: 'groth16', r1cs, ptau, entropy: 'bench chain max' });
      const vk = groth16VkToBytes(vkey as VerificationKey).slice(2);
      const head = vk.slice(0, 448 * 2), ic = vk.slice(448 * 2, 448 * 2 + 128), ic1 = vk.slice(448 * 2 + 128, 448 * 2 + 256);
      const big = `0x${head}${ic}${ic1.repeat(375)}` as Hex;
      const hash = await wallet.writeContract({ address: registry, abi: verifierRegistryAbi, functionName: 'registerGroth16', args: [big], gas: 20_000_000n, chain: null, account: me });
      const receipt = await pub.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new Error('registering the 375-signal key reverted');
      const id = (await pub.readContract({ address: registry, abi: verifierRegistryAbi, functionName: 'groth16CircuitId', args: [big] })) as Hex;
      const circuit = await getCircuit(pub, { registry, circuitId: id });
      sizes.push({ contract: 'Groth16 key data contract (375 public signals, the maximum)', bytes: await codeSize(circuit!.logic) });
      sizes.push({ contract: 'VerifierRegistry', bytes: await codeSize(registry) });
      maxKey.registerTx = Number(receipt.gasUsed);
    }
    for (const s of sizes) if (s.bytes > EIP170) throw new Error(`${s.contract}: ${s.bytes} bytes > EIP-170's ${EIP170}`);

    const m = host();
    const date = new Date().toISOString();
    const result = {
      date, machine: m, anvil: clientVersion, solc: solcVersion(), optimizerRuns: SOLC_SETTINGS.optimizer.runs, evmVersion: SOLC_SETTINGS.evmVersion,
      seconds: Math.round((performance.now() - t0) / 100) / 10,
      groth16, others, sizes, maxKey, eip170: EIP170,
    };
    fs.writeFileSync(JSON_OUT, JSON.stringify(result, null, 2) + '\n');
    const sec = writeBenchSection('chain', section(result));
    console.log(sec);
  } finally {
    await anvil.stop();
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  }
}

const maxKey: { registerTx?: number } = {};

const int = (n: number) => n.toLocaleString('en-US');

type Result = {
  date: string; machine: ReturnType<typeof host>; anvil: string; solc: string; optimizerRuns: number; evmVersion: string; seconds: number;
  groth16: { nPublic: number; signals: string; verifyTx: number; verifyProofTx: number; verifyProofExec: number; record: number; calldata: number; snarkjsTx: number; snarkjsExec: number; snarkjsEstimate: number; snarkjsAtEstimate: boolean; registerTx?: number }[];
  others: { scheme: Scheme; nPublic: number; verifyTx: number; verifyProofTx: number; directTx: number; estimate: number; atEstimate: boolean; deployTx: number; size: number }[];
  sizes: { contract: string; bytes: number }[];
  maxKey: { registerTx?: number };
};

/** Sizes table order: the registry, its key contracts, then snarkjs's verifiers. */
const sizeRank = (name: string) => (name === 'VerifierRegistry' ? 0 : name.startsWith('Groth16 key') ? 1 : 2);

/** The lines of the section, without its markers. */
function section(r: Result): string[] {
  const g = (n: number, s: string) => r.groth16.find((x) => x.nPublic === n && x.signals === s)!;
  const g4 = g(4, 'full-width'), g4s = g(4, 'small'), g1 = g(1, 'full-width');
  const rows = r.groth16.map((x) => `| ${x.nPublic} | ${x.signals} | **${int(x.verifyTx)}** | ${int(x.verifyProofTx)} | ${int(x.verifyProofExec)} | ${int(x.snarkjsTx)} | ${int(x.snarkjsExec)} | ${int(x.record)} |`);
  const other = r.others.map((x) => `| ${x.scheme.toUpperCase()} | ${x.nPublic} | **${int(x.verifyTx)}** | ${int(x.verifyProofTx)} | ${int(x.directTx)} | ${int(x.estimate)} → ${x.atEstimate ? 'true' : '**false**'} | ${int(x.deployTx)} |`);
  const reg = r.groth16.filter((x) => x.registerTx !== undefined).map((x) => `${x.nPublic}: ${int(x.registerTx!)}`).join(', ');
  return [
    '## Chain: verification gas and contract sizes',
    '',
    `Written by \`bench/chain.ts\` on ${r.date}: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.os}, Node ${r.machine.node}; ${r.anvil} (default hardfork), solc ${r.solc.split('+')[0]} (optimizer ${int(r.optimizerRuns)} runs, ${r.evmVersion}); ${r.seconds} s in all. Machine-readable: \`bench/chain.json\`.`,
    'Every number is a transaction receipt\'s `gasUsed` on a real anvil (exact; no estimates), for proofs made here from tiny circuits whose public signals are chosen: *full-width* (random field elements, the worst case, e.g. a Poseidon commitment) or *small* (|v| < 2^10 with both signs: class indices, pixels, logits).',
    '',
    '### Groth16',
    '',
    '| public signals | values | `verify` tx (check + record) | `verifyProof` tx (check only) | check, execution only | snarkjs Groth16Verifier tx | snarkjs, execution only | recording |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '*execution only* = the transaction minus its 21,000 intrinsic gas and its calldata (4 gas per zero byte, 16 per other). *recording* = `verify` − `verifyProof`: the claim\'s new storage slot (22,100: 20,000 + a cold 2,100 read), the `ProofVerified` event (2,131) and the claim hash.',
    '',
    `**Target: ≤ 250k gas for a Groth16 proof with at most 4 public signals.** The verification (\`verifyProof\` sent as a transaction, everything included) takes ${int(g4.verifyProofTx)} gas with 4 full-width signals and ${int(g4s.verifyProofTx)} with 4 small ones: **${Math.max(g4.verifyProofTx, g4s.verifyProofTx) <= 250_000 ? 'met' : 'not met'}** (snarkjs's own per-circuit verifier: ${int(g4.snarkjsTx)}; the registry's extra ${int(g4.verifyProofTx - g4.snarkjsTx)} is mostly the cold reads of the circuit's slot, 2,100, and of its key contract, 2,600, plus the dynamic-array calldata).`,
    `The recorded verification (\`verify\`) meets it with ${r.groth16.filter((x) => x.verifyTx <= 250_000).map((x) => `${x.nPublic} ${x.signals}`).join(', ')} signal(s) and not with ${r.groth16.filter((x) => x.nPublic <= 4 && x.verifyTx > 250_000).map((x) => `${x.nPublic} ${x.signals} (${int(x.verifyTx)})`).join(', ')}: recording a claim in a new storage slot has a floor that no verifier code can lower. With 4 full-width signals: 21,000 intrinsic + ${int(g4.calldata)} calldata + 181,000 for the four pairings + 4 × 6,150 (ecMul + ecAdd) + 22,100 for the claim's new slot + 2,131 for the event = **${int(21_000 + g4.calldata + 181_000 + 4 * 6_150 + 22_100 + 2_131)}** before a single opcode of logic. Keep public signals few and small (commit to large inputs: a hashed input is one signal). A claim kept only in the event log would save the 22,100 but leave nothing on chain for a contract (the bounty protocol) to read.`,
    `Small signals are applied by double-and-add on ecAdd (150 gas per addition) instead of ecMul (6,000). Registering a Groth16 key costs (public signals: gas) ${reg}; the 375-signal key ${int(r.maxKey.registerTx ?? 0)} (mostly the 200 gas per byte of its 24.5 kB data contract).`,
    '',
    '### PLONK and FFLONK (snarkjs verifiers, full-width signals)',
    '',
    '| scheme | public signals | `verify` tx through the registry | `verifyProof` tx through the registry | the snarkjs verifier called directly | `eth_estimateGas` of that direct call → its answer at that limit | deploying the verifier |',
    '|---|---|---|---|---|---|---|',
    ...other,
    '',
    `Why every verification carries an explicit gas limit: a snarkjs PLONK/FFLONK verifier returns \`false\` (it does not revert) when a precompile runs out of gas, so \`eth_estimateGas\`, which looks for the least gas at which the call does not fail, can settle on a limit at which a valid proof reads as invalid. snarkjs's Groth16 verifier behaves the same: for its call with 4 full-width signals above, \`eth_estimateGas\` says ${int(g4.snarkjsEstimate)} and at that limit it answers ${g4.snarkjsAtEstimate ? 'true' : '**false**'} (it needs ${int(g4.snarkjsTx)}). \`verifyOnChain\` never estimates (\`verifyGasLimit\`: 1.5M up to 157 signals), and the registry turns a starved verifier's \`false\` into a \`VerifierOutOfGas\` revert (\`src/chain/registry.test.ts\`).`,
    '',
    '### Deployed sizes (runtime code; EIP-170 limit 24,576 bytes)',
    '',
    '| contract | bytes | of the limit |',
    '|---|---|---|',
    ...[...r.sizes].sort((a, b) => sizeRank(a.contract) - sizeRank(b.contract) || a.bytes - b.bytes).map((s) => `| ${s.contract} | ${int(s.bytes)} | ${((100 * s.bytes) / EIP170).toFixed(1)}% |`),
    '',
    'A Groth16 key data contract is `0x00 ‖ key`: 449 + 64·(n + 1) bytes for n public signals; the registry refuses keys above 375 signals, whose data contract would not fit. The snarkjs PLONK/FFLONK verifiers change little with the number of public signals (their size follows the domain size of the circuit more than its signals). `src/chain/registry.test.ts` and `src/chain/groth16.test.ts` check every one of these sizes against the limit.',
  ];
}

await main();
