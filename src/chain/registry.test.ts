/**
 * VerifierRegistry against a REAL anvil (from @foundry-rs/anvil, started on a free port and
 * stopped afterwards), with proofs made here by snarkjs from tiny circuits compiled by our
 * harness over the committed development ptau.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as snarkjs from 'snarkjs';
import {
  concat, createPublicClient, createWalletClient, encodeAbiParameters, encodeFunctionData, http, keccak256, getAddress, numberToHex, size, zeroAddress,
  type Address, type Hex, type PublicClient, type WalletClient,
} from 'viem';
import { compileSource, compileTemplate, ROOT } from '../circuits/test/harness.js';
import { startAnvil, deploy, type AnvilInstance } from '../../scripts/chain.js';
import { compileSolidity } from '../../scripts/compile-contracts.js';
import { verifierRegistryAbi, verifierRegistryDeployedSize } from './abi/verifier-registry.js';
import {
  BN254_R, CalldataError, claimHash, decodeVerifyGroth16, encodeVerifyGroth16, groth16CircuitId, groth16KeyAddress, groth16VkToBytes, proofToCalldata, publicSignalsHash,
  publicSignalsToCalldata, verifierCircuitId, type Scheme,
} from './calldata.js';
import { ContractRevertedError, NoChainError, WrongChainError, toChainError } from './errors.js';
import { checkChain } from './check-chain.js';
import { parseDeployments, type Deployments } from './deployments.js';
import { deployVerifier } from './deploy-verifier.js';
import { registerCircuit } from './register-circuit.js';
import { verifyOnChain, VERIFY_GAS_LIMIT } from './verify-on-chain.js';
import { getClaim } from './get-claim.js';
import { getCircuit } from './get-circuit.js';

const EIP170 = 24_576;

interface Proved { scheme: Scheme; zkey: Uint8Array; vkey: snarkjs.VerificationKey; proof: snarkjs.Proof; publicSignals: string[] }

async function ptau(): Promise<Uint8Array> {
  const committed = path.join(ROOT, 'circuits-prebuilt/dev-ptau/pot10_dev.ptau');
  if (fs.existsSync(committed)) return fs.readFileSync(committed);
  // Fallback: a tiny throwaway ceremony (power 8), in memory.
  const curve = await snarkjs.curves.getCurveFromName('bn128');
  const p0: snarkjs.MemFile = { type: 'mem' }, p1: snarkjs.MemFile = { type: 'mem' }, p2: snarkjs.MemFile = { type: 'mem' };
  await snarkjs.powersOfTau.newAccumulator(curve, 8, p0);
  await snarkjs.powersOfTau.contribute(p0.data!, p1, 'test', 'test entropy');
  await snarkjs.powersOfTau.preparePhase2(p1.data!, p2);
  return p2.data!;
}

async function prove(scheme: Scheme, dir: string, ptauBytes: Uint8Array, input: Record<string, number>): Promise<Proved> {
  const r1cs = fs.readFileSync(path.join(dir, 'circuit.r1cs'));
  const wasm = fs.readFileSync(path.join(dir, 'circuit_js/circuit.wasm'));
  const z: snarkjs.MemFile = { type: 'mem' };
  let zkey: Uint8Array;
  if (scheme === 'groth16') {
    expect(await snarkjs.zKey.newZKey(r1cs, ptauBytes, z)).not.toBe(-1);
    const z1: snarkjs.MemFile = { type: 'mem' };
    await snarkjs.zKey.contribute(z.data!, z1, 'test', 'registry test entropy');
    zkey = z1.data!;
  } else {
    if (scheme === 'plonk') expect(await snarkjs.plonk.setup(r1cs, ptauBytes, z)).not.toBe(-1);
    else await snarkjs.fflonk.setup(r1cs, ptauBytes, z);
    zkey = z.data!;
  }
  const vkey = await snarkjs.zKey.exportVerificationKey(zkey);
  const { proof, publicSignals } = await snarkjs[scheme].fullProve(input, wasm, zkey);
  expect(await snarkjs[scheme].verify(vkey, publicSignals, proof)).toBe(true);
  return { scheme, zkey, vkey, proof, publicSignals };
}

const templates = Object.fromEntries((['groth16', 'plonk', 'fflonk'] as const).map((s) =>
  [s, fs.readFileSync(path.join(ROOT, `node_modules/snarkjs/templates/verifier_${s}.sol.ejs`), 'utf8')]));

/** Parses `snarkjs ... exportSolidityCallData` output ("[..],[..]…") into flat bigint lists. */
function snarkjsCalldata(s: string): { proof: bigint[]; pub: bigint[] } {
  // plonk prints "[..][..]" and fflonk unquoted hex: normalise to JSON.
  const json = s.replace(/\]\s*\[/g, '],[').replace(/(?<!")(0x[0-9a-fA-F]+)(?!")/g, '"$1"');
  const parts = JSON.parse(`[${json}]`) as unknown[];
  const flat = (v: unknown): bigint[] => (Array.isArray(v) ? v.flatMap(flat) : [BigInt(v as string)]);
  const pub = flat(parts[parts.length - 1]);
  return { proof: parts.slice(0, -1).flatMap(flat), pub };
}

const gasTable: Record<string, { gasUsed: bigint; note: string }> = {};
const sizeTable: Record<string, number> = {};

describe('VerifierRegistry on a real anvil', () => {
  let anvil: AnvilInstance;
  let pub: PublicClient;
  let alice: WalletClient; // anvil account 0 (deployer)
  let bob: WalletClient;   // anvil account 1
  let aliceAddr: Address, bobAddr: Address;
  let d: Deployments;
  let registry: Address;
  let g1: Proved, g4: Proved, pl: Proved, ff: Proved;
  let g1Id: Hex, g4Id: Hex, plId: Hex, ffId: Hex;
  let plonkVerifyGas = 0n;
  let tmp: string | undefined;
  const timings: Record<string, number> = {};
  const tick = (k: string, t0: number) => { timings[k] = Math.round(performance.now() - t0); };

  beforeAll(async () => {
    let t0 = performance.now();
    anvil = await startAnvil();
    tick('start anvil', t0);
    expect(anvil.reused).toBe(false);
    const transport = http(anvil.url, { retryCount: 0 });
    pub = createPublicClient({ transport });
    const accounts = (await pub.request({ method: 'eth_accounts' } as never)) as Address[];
    [aliceAddr, bobAddr] = [getAddress(accounts[0]), getAddress(accounts[1])];
    alice = createWalletClient({ transport, account: aliceAddr });
    bob = createWalletClient({ transport, account: bobAddr });

    t0 = performance.now();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zkml-chain-'));
    const out = path.join(tmp, 'deployments.json');
    d = await deploy({ url: anvil.url, out });
    expect(parseDeployments(JSON.parse(fs.readFileSync(out, 'utf8')))).toEqual(d);
    registry = d.contracts.VerifierRegistry;
    tick('deploy', t0);

    t0 = performance.now();
    const rescale = await compileTemplate('rescale.circom', 'Rescale', [16, 4]);
    const four = await compileSource([
      'pragma circom 2.2.3;',
      'include "rescale.circom";',
      'template FourSignals() {',
      '    signal input a; signal input b; signal input c;',
      '    signal output out;',
      '    component r = Rescale(16, 4);',
      '    r.in <== a * b + c;',
      '    out <== r.out;',
      '}',
      'component main {public [a, b, c]} = FourSignals();',
      '',
    ].join('\n'), 'FourSignals');
    tick('compile circuits', t0);

    t0 = performance.now();
    const p = await ptau();
    g1 = await prove('groth16', rescale.dir, p, { in: 1000 });
    g4 = await prove('groth16', four.dir, p, { a: 10, b: 20, c: 5 });
    pl = await prove('plonk', rescale.dir, p, { in: 1000 });
    ff = await prove('fflonk', rescale.dir, p, { in: 1000 });
    tick('snarkjs setups + proofs', t0);
    expect(g1.publicSignals).toEqual(['62']);
    expect(g4.publicSignals).toEqual(['12', '10', '20', '5']);
  });

  afterAll(async () => {
    await anvil?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
    const rows = Object.entries(gasTable).map(([k, v]) => `  ${k.padEnd(44)} ${String(v.gasUsed).padStart(9)}  ${v.note}`);
    const sizes = Object.entries(sizeTable).map(([k, v]) => `  ${k.padEnd(44)} ${String(v).padStart(9)} bytes`);
    const times = Object.entries(timings).map(([k, v]) => `  ${k.padEnd(44)} ${String(v).padStart(9)} ms`);
    console.log(`gas (tx gasUsed):\n${rows.join('\n')}\ndeployed sizes (EIP-170 ≤ ${EIP170}):\n${sizes.join('\n')}\ntimings:\n${times.join('\n')}`);
  });

  /** Expects `p` to reject with a ContractRevertedError named `errorName`. */
  async function reverts(p: Promise<unknown>, errorName: string): Promise<ContractRevertedError> {
    const e = await p.then(() => undefined, (x: unknown) => x);
    expect(e, `expected ${errorName}`).toBeInstanceOf(ContractRevertedError);
    expect((e as ContractRevertedError).errorName).toBe(errorName);
    return e as ContractRevertedError;
  }

  async function codeSize(address: Address): Promise<number> {
    const code = (await pub.getCode({ address })) ?? '0x';
    return (code.length - 2) / 2;
  }

  it('checkChain: right chain passes, wrong chain and no node are typed errors', async () => {
    expect(await checkChain(pub, { chainId: d.chainId })).toEqual({ chainId: 31337 });
    await expect(checkChain(pub, { chainId: 1 })).rejects.toBeInstanceOf(WrongChainError);
    const dead = createPublicClient({ transport: http('http://127.0.0.1:1', { retryCount: 0, timeout: 2000 }) });
    await expect(checkChain(dead)).rejects.toBeInstanceOf(NoChainError);
  });

  it('calldata helpers agree with snarkjs exportSolidityCallData for all three schemes', async () => {
    for (const pr of [g1, g4]) {
      const s = snarkjsCalldata(await snarkjs.groth16.exportSolidityCallData(pr.proof, pr.publicSignals));
      expect(proofToCalldata('groth16', pr.proof)).toEqual(s.proof);
      expect(publicSignalsToCalldata(pr.publicSignals)).toEqual(s.pub);
    }
    const sp = snarkjsCalldata(await snarkjs.plonk.exportSolidityCallData(pl.proof, pl.publicSignals));
    expect(proofToCalldata('plonk', pl.proof)).toEqual(sp.proof);
    const sf = snarkjsCalldata(await snarkjs.fflonk.exportSolidityCallData(ff.publicSignals, ff.proof));
    expect(proofToCalldata('fflonk', ff.proof)).toEqual(sf.proof);
    expect(() => publicSignalsToCalldata([BN254_R.toString()])).toThrow(/scalar field/);
    expect(() => proofToCalldata('plonk', g1.proof)).toThrow(/protocol/);
  });

  it('registers Groth16 circuits by key: id computed off chain = id derived on chain', async () => {
    const t0 = performance.now();
    const r1 = await registerCircuit(alice, { registry, scheme: 'groth16', vkey: g1.vkey });
    expect(r1.status).toBe('registered');
    g1Id = r1.circuitId;
    expect(g1Id).toBe(groth16CircuitId(g1.vkey));
    expect(await pub.readContract({ address: registry, abi: verifierRegistryAbi, functionName: 'groth16CircuitId', args: [groth16VkToBytes(g1.vkey)] })).toBe(g1Id);
    expect(r1.circuit).toMatchObject({ scheme: 'groth16', nPublic: 1, owner: aliceAddr });
    if (r1.status === 'registered') gasTable['registerGroth16 (1 public signal)'] = { gasUsed: r1.gasUsed, note: 'stores the key as a data contract' };
    // verify finds the key without a storage read: its address follows from the id (CREATE2 deployer, nonce 1)
    const keyAt = await pub.readContract({ address: registry, abi: verifierRegistryAbi, functionName: 'groth16KeyAddress', args: [g1Id] });
    expect(keyAt).toBe(r1.circuit.logic);
    expect(groth16KeyAddress(registry, g1Id)).toBe(keyAt);
    expect((await pub.getCode({ address: keyAt }))!.slice(0, 4)).toBe('0x00');

    const r4 = await registerCircuit(alice, { registry, scheme: 'groth16', vkey: g4.vkey });
    g4Id = r4.circuitId;
    expect(r4.circuit.nPublic).toBe(4);
    if (r4.status === 'registered') gasTable['registerGroth16 (4 public signals)'] = { gasUsed: r4.gasUsed, note: '' };
    timings['register 2 groth16 circuits'] = Math.round(performance.now() - t0);
  });

  it('re-registration: the action finds it; the contract reverts for another account (and for the same one)', async () => {
    const again = await registerCircuit(bob, { registry, scheme: 'groth16', vkey: g1.vkey });
    expect(again).toMatchObject({ status: 'already-registered', circuitId: g1Id, circuit: { owner: aliceAddr } });
    const vk = groth16VkToBytes(g1.vkey);
    for (const account of [bobAddr, aliceAddr]) {
      const e = await pub.simulateContract({ address: registry, abi: verifierRegistryAbi, functionName: 'registerGroth16', args: [vk], account })
        .then(() => undefined, (x: unknown) => toChainError(x, { functionName: 'registerGroth16' }));
      // decoded: the custom error, the id and who holds it
      expect(e).toBeInstanceOf(ContractRevertedError);
      expect((e as ContractRevertedError).errorName).toBe('CircuitAlreadyRegistered');
      expect((e as ContractRevertedError).args).toEqual([g1Id, aliceAddr]);
    }
    // Mined without simulation: reverted, owner unchanged.
    const hash = await bob.writeContract({ address: registry, abi: verifierRegistryAbi, functionName: 'registerGroth16', args: [vk], gas: 3_000_000n, chain: null, account: bobAddr });
    expect((await pub.waitForTransactionReceipt({ hash })).status).toBe('reverted');
    expect((await getCircuit(pub, { registry, circuitId: g1Id }))?.owner).toBe(aliceAddr);
  });

  it('registerGroth16 refuses malformed and degenerate keys (identity points, gamma = delta)', async () => {
    const vk = groth16VkToBytes(g1.vkey).slice(2);
    const w = (i: number) => vk.slice(64 * i, 64 * i + 64);
    const words = Array.from({ length: vk.length / 64 }, (_, i) => w(i));
    const make = (ws: string[]): Hex => `0x${ws.join('')}`;
    const zero = '0'.repeat(64);
    const cases: [string, Hex, string][] = [
      ['truncated', make(words.slice(0, -1)), 'MalformedVerificationKey'],
      ['no IC for a public signal', make(words.slice(0, 16)), 'MalformedVerificationKey'],
      ['coordinate ≥ q', make(words.map((x, i) => (i === 3 ? 'f'.repeat(64) : x))), 'KeyValueNotInField'],
      ['alpha = identity', make(words.map((x, i) => (i < 2 ? zero : x))), 'DegenerateVerificationKey'],
      ['delta = identity', make(words.map((x, i) => (i >= 10 && i < 14 ? zero : x))), 'DegenerateVerificationKey'],
      ['gamma = delta', make(words.map((x, i) => (i >= 10 && i < 14 ? words[i - 4] : x))), 'DegenerateVerificationKey'],
    ];
    for (const [label, bytes, errorName] of cases) {
      const e = await pub.simulateContract({ address: registry, abi: verifierRegistryAbi, functionName: 'registerGroth16', args: [bytes], account: bobAddr })
        .then(() => undefined, (x: unknown) => x);
      expect(String(e), label).toMatch(new RegExp(errorName));
    }
  });

  it('valid Groth16 proof → accepted, recorded, ProofVerified(prover, circuit, signals hash) emitted', async () => {
    const t0 = performance.now();
    const before = await getClaim(pub, { registry, circuitId: g1Id, publicSignals: g1.publicSignals });
    expect(before).toBeNull();
    const r = await verifyOnChain(bob, { registry, circuitId: g1Id, scheme: 'groth16', proof: g1.proof, publicSignals: g1.publicSignals });
    timings['verifyOnChain groth16'] = Math.round(performance.now() - t0);
    expect(r.result).toBe(true);
    expect(r.gasLimit).toBe(VERIFY_GAS_LIMIT);
    expect(r.event).toEqual({
      prover: bobAddr, circuitId: g1Id, publicSignalsHash: publicSignalsHash(g1.publicSignals), claimHash: claimHash(g1Id, g1.publicSignals),
    });
    const tx = await pub.getTransaction({ hash: r.hash });
    expect(tx.gas).toBe(VERIFY_GAS_LIMIT); // explicit, never estimated
    gasTable['verify groth16, 1 public signal'] = { gasUsed: r.gasUsed, note: 'whole tx: 21k base + calldata + check + claim SSTORE + event' };

    const claim = await getClaim(pub, { registry, claimHash: r.claimHash });
    expect(claim).toEqual({
      claimHash: r.claimHash, circuitId: g1Id, publicSignalsHash: r.event.publicSignalsHash,
      prover: bobAddr, blockNumber: r.blockNumber, transactionHash: r.hash,
    });
    expect(await getClaim(pub, { registry, circuitId: g1Id, publicSignals: g1.publicSignals })).toEqual(claim);
    expect(await pub.readContract({ address: registry, abi: verifierRegistryAbi, functionName: 'claimHashOf', args: [g1Id, [62n]] })).toBe(r.claimHash);
  });

  it('the same claim again (replay, even by its prover) → ClaimAlreadyRecorded, first prover kept', async () => {
    await reverts(verifyOnChain(alice, { registry, circuitId: g1Id, scheme: 'groth16', proof: g1.proof, publicSignals: g1.publicSignals }), 'ClaimAlreadyRecorded');
    expect((await getClaim(pub, { registry, circuitId: g1Id, publicSignals: g1.publicSignals }))?.prover).toBe(bobAddr);
  });

  it('tampered proof, tampered/out-of-field public signals, wrong circuit id → reverted, nothing recorded', async () => {
    const words = proofToCalldata('groth16', g4.proof);
    const signals = publicSignalsToCalldata(g4.publicSignals);
    const base = { registry, scheme: 'groth16' as const, circuitId: g4Id };

    const cases: [string, bigint[], bigint[], string][] = [
      ['A.x + 1 (off the curve)', words.map((w, i) => (i === 0 ? w + 1n : w)), [...signals], 'InvalidProof'],
      ['A negated (valid point, wrong proof)', words.map((w, i) => (i === 1 ? 21888242871839275222246405745257275088696311157297823662689037894645226208583n - w : w)), [...signals], 'InvalidProof'],
      ['C replaced by A', words.map((w, i) => (i >= 6 ? words[i - 6] : w)), [...signals], 'InvalidProof'],
      ['all-zero proof', words.map(() => 0n), [...signals], 'InvalidProof'],
      ['output signal + 1', [...words], signals.map((s, i) => (i === 0 ? s + 1n : s)), 'InvalidProof'],
      ['input signal changed', [...words], signals.map((s, i) => (i === 3 ? 6n : s)), 'InvalidProof'],
      ['signal + r (same residue, not canonical)', [...words], signals.map((s, i) => (i === 0 ? s + BN254_R : s)), 'SignalNotInField'],
      ['one signal too few', [...words], signals.slice(1), 'PublicSignalsLengthMismatch'],
      ['proof word missing', words.slice(1), [...signals], 'ProofLengthMismatch'],
    ];
    for (const [label, proof, publicSignals, errorName] of cases) {
      const e = await reverts(verifyOnChain(bob, { ...base, proof, publicSignals }), errorName).catch((x) => { throw new Error(`${label}: ${String(x)}`); });
      expect(e.txHash, label).toBeUndefined(); // caught by the simulation, never sent
      if (errorName === 'InvalidProof' && publicSignals.some((s, i) => s !== signals[i])) {
        expect(await getClaim(pub, { registry, circuitId: g4Id, publicSignals }), label).toBeNull();
      }
    }
    // Mined without simulation: the receipt is a revert, decoded by replay; nothing recorded.
    const tampered = signals.map((s, i) => (i === 0 ? s + 1n : s));
    const e = await reverts(verifyOnChain(bob, { ...base, proof: words, publicSignals: tampered, simulate: false }), 'InvalidProof');
    expect(e.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await getClaim(pub, { registry, circuitId: g4Id, publicSignals: tampered })).toBeNull();

    // Wrong circuit id: unknown → UnknownCircuit; another registered circuit → InvalidProof.
    await reverts(verifyOnChain(bob, { ...base, circuitId: keccak256('0x1234'), proof: words, publicSignals: signals }), 'UnknownCircuit');
    await reverts(verifyOnChain(bob, { registry, scheme: 'groth16', circuitId: g1Id, proof: proofToCalldata('groth16', g4.proof), publicSignals: [62n + 1n] }), 'InvalidProof');
    // A 4-signal key's id with 1 signal: the count read from the key's size still binds.
    await reverts(verifyOnChain(bob, { ...base, proof: words, publicSignals: [signals[0]] }), 'PublicSignalsLengthMismatch');
  });

  it('Groth16 with 4 public signals: accepted; gas measured', async () => {
    const r = await verifyOnChain(alice, { registry, circuitId: g4Id, scheme: 'groth16', proof: g4.proof, publicSignals: g4.publicSignals });
    gasTable['verify groth16, 4 public signals'] = { gasUsed: r.gasUsed, note: 'whole tx' };
    // The check alone, without recording: verifyProof (a view) sent as a transaction.
    const args = [g4Id, proofToCalldata('groth16', g4.proof), publicSignalsToCalldata(g4.publicSignals)] as const;
    expect(await pub.readContract({ address: registry, abi: verifierRegistryAbi, functionName: 'verifyProof', args })).toBe(true);
    const hash = await alice.sendTransaction({
      to: registry, data: encodeFunctionData({ abi: verifierRegistryAbi, functionName: 'verifyProof', args }), gas: VERIFY_GAS_LIMIT, chain: null, account: aliceAddr,
    });
    const receipt = await pub.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    gasTable['verifyProof as a tx, groth16, 4 signals'] = { gasUsed: receipt.gasUsed, note: 'the check alone (incl. 21k base + calldata), nothing recorded' };
  });

  it('too little gas → VerifierOutOfGas (a revert, never a false "invalid" nor a record)', async () => {
    const tampered = { registry, scheme: 'groth16' as const, circuitId: g1Id, proof: g1.proof };
    const e = await reverts(verifyOnChain(alice, { ...tampered, publicSignals: ['63'], gas: 150_000n, simulate: false }), 'VerifierOutOfGas');
    expect(e.txHash).toBeDefined();
    expect(await getClaim(pub, { registry, circuitId: g1Id, publicSignals: ['63'] })).toBeNull();
  });

  it('PLONK and FFLONK: snarkjs verifiers registered by code hash, verify on chain', async () => {
    for (const [pr, label] of [[pl, 'plonk'], [ff, 'fflonk']] as const) {
      const t0 = performance.now();
      const src = await snarkjs.zKey.exportSolidityVerifier(pr.zkey, templates);
      const name = label === 'plonk' ? 'PlonkVerifier' : 'FflonkVerifier';
      const compiled = compileSolidity({ [`${name}.sol`]: src })[`${name}.sol:${name}`];
      timings[`solc ${name}`] = Math.round(performance.now() - t0);
      const dv = await deployVerifier(alice, { bytecode: compiled.bytecode });
      expect(dv.size).toBe((compiled.deployedBytecode.length - 2) / 2);
      sizeTable[`${name} (snarkjs, 1 public signal)`] = dv.size;
      gasTable[`deploy ${name}`] = { gasUsed: dv.gasUsed, note: '' };
      const reg = await registerCircuit(bob, { registry, scheme: label, verifier: dv.address, nPublic: 1 });
      expect(reg.status).toBe('registered');
      expect(reg.circuitId).toBe(verifierCircuitId(label, 1, { runtimeCode: compiled.deployedBytecode }));
      expect(reg.circuit).toMatchObject({ scheme: label, logic: dv.address, nPublic: 1, owner: bobAddr });
      if (label === 'plonk') plId = reg.circuitId; else ffId = reg.circuitId;

      const r = await verifyOnChain(alice, { registry, circuitId: reg.circuitId, scheme: label, proof: pr.proof, publicSignals: pr.publicSignals });
      expect(r.event).toMatchObject({ prover: aliceAddr, circuitId: reg.circuitId });
      gasTable[`verify ${label}, 1 public signal`] = { gasUsed: r.gasUsed, note: 'whole tx' };
      if (label === 'plonk') plonkVerifyGas = r.gasUsed;
      expect((await getClaim(pub, { registry, claimHash: r.claimHash }))?.transactionHash).toBe(r.hash);

      const words = proofToCalldata(label, pr.proof);
      await reverts(verifyOnChain(alice, { registry, circuitId: reg.circuitId, scheme: label, proof: words, publicSignals: [63n] }), 'InvalidProof');
      await reverts(verifyOnChain(alice, { registry, circuitId: reg.circuitId, scheme: label, proof: words.map((w, i) => (i === 20 ? w + 1n : w)), publicSignals: [62n] }), 'ClaimAlreadyRecorded');
      // A second instance of the same code is the same logic: same id, refused by the contract.
      const dv2 = await deployVerifier(alice, { bytecode: compiled.bytecode });
      const again = await registerCircuit(alice, { registry, scheme: label, verifier: dv2.address, nPublic: 1 });
      expect(again).toMatchObject({ status: 'already-registered', circuitId: reg.circuitId, circuit: { logic: dv.address } });
    }
    expect(plId).not.toBe(ffId);
  });

  it('baseline: snarkjs\'s own per-circuit Groth16 verifier, same proofs, as a plain transaction', async () => {
    for (const [pr, n] of [[g1, 1], [g4, 4]] as const) {
      const src = await snarkjs.zKey.exportSolidityVerifier(pr.zkey, templates);
      const c = compileSolidity({ 'Groth16Verifier.sol': src })['Groth16Verifier.sol:Groth16Verifier'];
      const dv = await deployVerifier(alice, { bytecode: c.bytecode });
      sizeTable[`snarkjs Groth16Verifier (${n} public)`] = dv.size;
      const w = proofToCalldata('groth16', pr.proof);
      const abi = [{ type: 'function', name: 'verifyProof', stateMutability: 'view', inputs: [
        { name: 'a', type: 'uint256[2]' }, { name: 'b', type: 'uint256[2][2]' }, { name: 'c', type: 'uint256[2]' }, { name: 's', type: `uint256[${n}]` },
      ], outputs: [{ type: 'bool' }] }] as const;
      const data = encodeFunctionData({ abi, functionName: 'verifyProof', args: [[w[0], w[1]], [[w[2], w[3]], [w[4], w[5]]], [w[6], w[7]], publicSignalsToCalldata(pr.publicSignals)] as never });
      expect((await pub.call({ to: dv.address, data, gas: VERIFY_GAS_LIMIT })).data).toBe(`0x${'0'.repeat(63)}1`);
      const hash = await alice.sendTransaction({ to: dv.address, data, gas: VERIFY_GAS_LIMIT, chain: null, account: aliceAddr });
      gasTable[`snarkjs Groth16Verifier tx, ${n} public (baseline)`] = { gasUsed: (await pub.waitForTransactionReceipt({ hash })).gasUsed, note: 'no registry, nothing recorded' };
    }
  });

  it('verifyGroth16 (the compact layout verifyOnChain sends for Groth16): same checks, one record shared with verify', async () => {
    const words = proofToCalldata('groth16', g4.proof);
    const signals = publicSignalsToCalldata(g4.publicSignals);
    const proof8 = words as unknown as readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
    const word = (x: bigint) => numberToHex(x, { size: 32 });
    const data = encodeVerifyGroth16(g4Id, words, signals);
    // The ABI head of verifyGroth16(bytes32, uint256[8]), then the signals: 128 bytes under verify's encoding.
    expect(data).toBe(concat([encodeFunctionData({ abi: verifierRegistryAbi, functionName: 'verifyGroth16', args: [g4Id, proof8] }), ...signals.map(word)]));
    expect(size(data)).toBe(292 + 32 * 4);
    expect(size(encodeFunctionData({ abi: verifierRegistryAbi, functionName: 'verify', args: [g4Id, words, signals] }))).toBe(size(data) + 128);
    expect(decodeVerifyGroth16(data)).toEqual({ circuitId: g4Id, proof: words, publicSignals: signals });
    expect(() => decodeVerifyGroth16(data.slice(0, -2) as Hex)).toThrow(CalldataError);
    expect(() => encodeVerifyGroth16(g4Id, words.slice(1), signals)).toThrow(/8 words/);

    const simulate = (circuitId: Hex, suffix: Hex) => pub.simulateContract({
      address: registry, abi: verifierRegistryAbi, functionName: 'verifyGroth16', args: [circuitId, proof8], dataSuffix: suffix, account: bobAddr, gas: VERIFY_GAS_LIMIT,
    }).then(() => undefined, (e: unknown) => toChainError(e, { functionName: 'verifyGroth16' }));
    const named = async (circuitId: Hex, suffix: Hex, errorName: string, args?: unknown[]) => {
      const e = await simulate(circuitId, suffix);
      expect(e, errorName).toBeInstanceOf(ContractRevertedError);
      expect((e as ContractRevertedError).errorName).toBe(errorName);
      if (args) expect((e as ContractRevertedError).args).toEqual(args);
    };
    // Recorded by the 4-signal test above (through verifyGroth16): once, whichever entry point asks again.
    const h = claimHash(g4Id, g4.publicSignals);
    await named(g4Id, concat(signals.map(word)), 'ClaimAlreadyRecorded');
    await reverts(pub.simulateContract({ address: registry, abi: verifierRegistryAbi, functionName: 'verify', args: [g4Id, words, signals], account: bobAddr, gas: VERIFY_GAS_LIMIT })
      .then(() => undefined, (e: unknown) => { throw toChainError(e); }), 'ClaimAlreadyRecorded');
    // The count comes from the calldata size and must be the key's; every signal < r.
    await named(g4Id, concat(signals.slice(1).map(word)), 'PublicSignalsLengthMismatch', [4n, 3n]);
    await named(g4Id, concat([...signals.map(word), word(0n)]), 'PublicSignalsLengthMismatch', [4n, 5n]);
    await named(g4Id, concat([...signals.map(word), '0x00']), 'PublicSignalsLengthMismatch', [4n, 2n ** 256n - 1n]);
    await named(g4Id, concat(signals.map((x, i) => word(i === 2 ? x + BN254_R : x))), 'SignalNotInField', [2n]);
    await named(g4Id, concat(signals.map((x, i) => word(i === 1 ? x + 1n : x))), 'InvalidProof');
    await named(keccak256('0x1234'), concat(signals.map(word)), 'UnknownCircuit');
    await named(plId, word(62n), 'ProofLengthMismatch', [24n, 8n]);

    // With the claim's slot cleared (on a snapshot): verify records it too, through the ABI layout,
    // with the same event; verifyGroth16 is cheaper by the calldata and the decoding.
    const snap = await pub.request({ method: 'evm_snapshot' } as never) as Hex;
    try {
      const slot = keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint256' }], [h, 2n]));
      expect(BigInt(await pub.getStorageAt({ address: registry, slot }) ?? '0x0')).not.toBe(0n);
      await pub.request({ method: 'anvil_setStorageAt', params: [registry, slot, word(0n)] } as never);
      const hash = await bob.writeContract({ address: registry, abi: verifierRegistryAbi, functionName: 'verify', args: [g4Id, words, signals], gas: VERIFY_GAS_LIMIT, chain: null, account: bobAddr });
      const receipt = await pub.waitForTransactionReceipt({ hash });
      expect(receipt.status).toBe('success');
      gasTable['verify (ABI layout) groth16, 4 signals'] = { gasUsed: receipt.gasUsed, note: 'same record through verify' };
      expect(receipt.gasUsed).toBeGreaterThan(gasTable['verify groth16, 4 public signals'].gasUsed + 500n);
      expect(await getClaim(pub, { registry, claimHash: h })).toMatchObject({ prover: bobAddr, circuitId: g4Id, publicSignalsHash: publicSignalsHash(g4.publicSignals), transactionHash: hash });
    } finally {
      await pub.request({ method: 'evm_revert', params: [snap] } as never);
    }
  });

  it('snarkjs verifiers return FALSE when short of gas, so eth_estimateGas under-estimates; the registry reverts instead', async () => {
    const circuit = (await getCircuit(pub, { registry, circuitId: plId }))!;
    const words = proofToCalldata('plonk', pl.proof);
    const abi = [{ type: 'function', name: 'verifyProof', stateMutability: 'view', inputs: [{ name: 'p', type: 'uint256[24]' }, { name: 's', type: 'uint256[1]' }], outputs: [{ type: 'bool' }] }] as const;
    const data = encodeFunctionData({ abi, functionName: 'verifyProof', args: [words as never, [62n]] });
    const TRUE = `0x${'0'.repeat(63)}1`, FALSE = `0x${'0'.repeat(64)}`;
    expect((await pub.call({ to: circuit.logic, data, gas: VERIFY_GAS_LIMIT })).data).toBe(TRUE);
    // eth_estimateGas settles on a limit at which the call "succeeds" — by returning false.
    const estimate = await pub.estimateGas({ to: circuit.logic, data, account: aliceAddr });
    expect((await pub.call({ to: circuit.logic, data, gas: estimate })).data).toBe(FALSE);
    gasTable['eth_estimateGas of a snarkjs PLONK verifyProof'] = { gasUsed: estimate, note: 'UNDER-ESTIMATE: at this limit it returns false' };

    // Through the registry, a limit that starves the final pairing is a revert, never a record.
    const starved = plonkVerifyGas - 24_000n - 60_000n;
    const e = await reverts(verifyOnChain(bob, { registry, circuitId: plId, scheme: 'plonk', proof: words, publicSignals: [61n], gas: starved, simulate: false }), 'VerifierOutOfGas');
    expect(e.txHash).toBeDefined();
    expect(await getClaim(pub, { registry, circuitId: plId, publicSignals: [61n] })).toBeNull();
  });

  it('an always-true verifier gets its own id only: it cannot stand behind a registered circuit', async () => {
    const src = fs.readFileSync(path.join(ROOT, 'contracts/test/AlwaysTrueVerifier.sol'), 'utf8');
    const c = compileSolidity({ 'AlwaysTrueVerifier.sol': src })['AlwaysTrueVerifier.sol:AlwaysTrueVerifier'];
    const dv = await deployVerifier(bob, { bytecode: c.bytecode });
    const reg = await registerCircuit(bob, { registry, scheme: 'plonk', verifier: dv.address, nPublic: 1 });
    expect(reg.status).toBe('registered');
    expect([g1Id, g4Id, plId, ffId]).not.toContain(reg.circuitId);
    // The registered circuits still reject the all-zero proof, whoever asks.
    const zeros = { groth16: Array(8).fill(0n), plonk: Array(24).fill(0n), fflonk: Array(24).fill(0n) } as const;
    for (const [id, scheme] of [[g1Id, 'groth16'], [plId, 'plonk'], [ffId, 'fflonk']] as const) {
      await reverts(verifyOnChain(bob, { registry, circuitId: id, scheme, proof: zeros[scheme], publicSignals: [7n] }), 'InvalidProof');
    }
    // Under its own id it accepts anything: the id says which logic a claim was checked by.
    const r = await verifyOnChain(bob, { registry, circuitId: reg.circuitId, scheme: 'plonk', proof: zeros.plonk, publicSignals: [7n] });
    expect(r.event.circuitId).toBe(reg.circuitId);
  });

  it('PLONK/FFLONK: a verifier whose code was swapped after registration is refused (VerifierCodeChanged), nothing recorded', async () => {
    const always = compileSolidity({ 'AlwaysTrueVerifier.sol': fs.readFileSync(path.join(ROOT, 'contracts/test/AlwaysTrueVerifier.sol'), 'utf8') })['AlwaysTrueVerifier.sol:AlwaysTrueVerifier'];
    for (const [id, scheme] of [[plId, 'plonk'], [ffId, 'fflonk']] as const) {
      const circuit = (await getCircuit(pub, { registry, circuitId: id }))!;
      const original = (await pub.getCode({ address: circuit.logic }))!;
      // Two swaps: a bare "return 1" and the always-true verifier; either would accept a zero proof.
      for (const code of ['0x600160005260206000f3', always.deployedBytecode] as const) {
        await pub.request({ method: 'anvil_setCode', params: [circuit.logic, code] } as never);
        const e = await reverts(verifyOnChain(bob, { registry, circuitId: id, scheme, proof: Array(24).fill(0n), publicSignals: [9n] }), 'VerifierCodeChanged');
        expect(e.args, scheme).toEqual([id, circuit.logic]);
        await reverts(verifyOnChain(bob, { registry, circuitId: id, scheme, proof: Array(24).fill(0n), publicSignals: [9n], simulate: false }), 'VerifierCodeChanged');
        expect(await pub.readContract({ address: registry, abi: verifierRegistryAbi, functionName: 'verifyProof', args: [id, Array(24).fill(0n), [9n]] })
          .then(() => 'returned', (x: unknown) => String(x)), scheme).toMatch(/VerifierCodeChanged/);
        expect(await getClaim(pub, { registry, circuitId: id, publicSignals: [9n] }), scheme).toBeNull();
      }
      await pub.request({ method: 'anvil_setCode', params: [circuit.logic, original] } as never);
      expect(keccak256((await pub.getCode({ address: circuit.logic }))!)).toBe(keccak256(original));
    }
  });

  it('every deployed contract fits EIP-170 (≤ 24,576 bytes)', async () => {
    sizeTable['VerifierRegistry'] = await codeSize(registry);
    expect(sizeTable['VerifierRegistry']).toBe(verifierRegistryDeployedSize);
    for (const [id, label] of [[g1Id, 'Groth16 key data, 1 signal'], [g4Id, 'Groth16 key data, 4 signals']] as const) {
      const c = (await getCircuit(pub, { registry, circuitId: id }))!;
      expect(c.logic).not.toBe(zeroAddress);
      sizeTable[label] = await codeSize(c.logic);
      expect(sizeTable[label]).toBe(1 + 448 + 64 * (c.nPublic + 1));
    }
    for (const [k, v] of Object.entries(sizeTable)) expect(v, k).toBeLessThanOrEqual(EIP170);
    expect(Object.keys(sizeTable).length).toBeGreaterThanOrEqual(5);
    // The largest Groth16 key the registry accepts is itself a legal contract.
    expect(1 + 448 + 64 * (375 + 1)).toBeLessThanOrEqual(EIP170);
    expect(1 + 448 + 64 * (376 + 1)).toBeGreaterThan(EIP170);
  });

  it('gas: Groth16 verify + record ≤ 250k at 1 public signal; the check alone ≤ 250k at 4', () => {
    expect(gasTable['verify groth16, 1 public signal'].gasUsed).toBeLessThanOrEqual(250_000n);
    expect(gasTable['verifyProof as a tx, groth16, 4 signals'].gasUsed).toBeLessThanOrEqual(250_000n);
    // Recording adds the claim slot (22.1k) and the event (~2.1k).
    expect(gasTable['verify groth16, 4 public signals'].gasUsed).toBeLessThanOrEqual(275_000n);
  });
});
