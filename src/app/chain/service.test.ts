/**
 * The app's chain service against a REAL anvil (started here, contracts deployed with
 * scripts/chain.ts) and a real Groth16 proof: status, register + verify with the development
 * account, the same claim again ("already recorded", not a failure), the share-link lookup, the
 * injected-wallet path through an EIP-1193 provider that forwards to the node, and every way the
 * chain can be missing or wrong. deployments.json is served by a stub fetch (the file server is not
 * under test).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as snarkjs from 'snarkjs';
import { compileSource } from '../../circuits/test/harness.js';
import { startAnvil, deploy, type AnvilInstance } from '../../../scripts/chain.js';
import type { Deployments } from '../../chain/deployments.js';
import { groth16CircuitId } from '../../chain/calldata.js';
import { VERIFY_GAS_LIMIT } from '../../chain/verify-on-chain.js';
import * as connect from './connect.js';
import { createChainService, fetchDeployments, type ChainService } from './service.js';
import { ANVIL_DEV_ADDRESS, DEV_ACCOUNT_LABEL } from './dev-account.js';
import type { Eip1193Provider } from './eip1193.js';
import type { OnChainRequest } from './types.js';
import { groth16KeyLacksContribution } from './vkey.js';
import { devGroth16Setup } from '../../zk/dev-setup.js';
import { explainChainError } from './messages.js';

/** deployments.json as a server would answer it. */
const serve = (body: unknown, status = 200): typeof fetch =>
  (async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })) as typeof fetch;
const load = async () => connect;
const service = (d: unknown, extra: Partial<Parameters<typeof createChainService>[0]> = {}): ChainService =>
  createChainService({ deploymentsUrl: 'http://app.test/deployments.json', fetch: serve(d), load, ethereum: () => undefined, timeoutMs: 3000, ...extra });

/** An EIP-1193 wallet over the node's unlocked accounts (what a browser wallet on anvil does). */
function forwardingWallet(url: string, opts: { chainId: number; reject?: string[] }): Eip1193Provider & { calls: string[] } {
  let chain = opts.chainId + 1; // starts on another chain: must be switched
  const known = new Set([chain]);
  const calls: string[] = [];
  const rpc = async (method: string, params: unknown) => {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: params ?? [] }) });
    const j = await r.json() as { result?: unknown; error?: { code: number; message: string } };
    if (j.error) throw Object.assign(new Error(j.error.message), { code: j.error.code });
    return j.result;
  };
  return {
    calls,
    async request({ method, params }) {
      calls.push(method);
      if (opts.reject?.includes(method)) throw Object.assign(new Error('User rejected the request.'), { code: 4001 });
      const p = params as { chainId?: string }[] | undefined;
      switch (method) {
        case 'eth_chainId': return `0x${chain.toString(16)}`;
        case 'eth_requestAccounts': return (await rpc('eth_accounts', [])) as string[];
        case 'wallet_switchEthereumChain': {
          const id = Number.parseInt(p![0]!.chainId!, 16);
          if (!known.has(id)) throw Object.assign(new Error('Unrecognized chain ID'), { code: 4902 });
          chain = id; return null;
        }
        case 'wallet_addEthereumChain': known.add(Number.parseInt(p![0]!.chainId!, 16)); return null;
        default:
          if (chain !== opts.chainId) throw Object.assign(new Error('wallet on the wrong chain'), { code: -32000 });
          return rpc(method, params);
      }
    },
  };
}

describe('chain service on a real anvil', () => {
  let anvil: AnvilInstance;
  let d: Deployments & { development: boolean };
  let req: OnChainRequest;
  let other: OnChainRequest;
  let third: OnChainRequest;
  /** the key before any contribution (δ = γ), as `snarkjs zkey new` alone makes it */
  let vkey0: snarkjs.VerificationKey;

  beforeAll(async () => {
    anvil = await startAnvil();
    d = { ...(await deploy({ url: anvil.url, out: null })), development: true };
    const c = await compileSource([
      'pragma circom 2.2.3;',
      'template Mul() { signal input a; signal input b; signal output c; c <== a * b; }',
      'component main {public [a]} = Mul();', '',
    ].join('\n'), 'AppChainMul');
    const r1cs = new Uint8Array(fs.readFileSync(path.join(c.dir, 'circuit.r1cs')));
    // the studio's default Development setup: its public beacon contribution makes delta ≠ gamma, so the registry takes it
    const z: snarkjs.MemFile = { type: 'mem', data: await devGroth16Setup(r1cs, { power: 8 }) };
    // newZKey's key alone (no contribution): delta = gamma, refused
    const z0: snarkjs.MemFile = { type: 'mem', data: await devGroth16Setup(r1cs, { power: 8, contribution: false }) };
    const vkey = await snarkjs.zKey.exportVerificationKey(z.data!);
    vkey0 = await snarkjs.zKey.exportVerificationKey(z0.data!);
    const wasm = fs.readFileSync(path.join(c.dir, 'circuit_js/circuit.wasm'));
    const p1 = await snarkjs.groth16.fullProve({ a: 6, b: 7 }, wasm, z.data!);
    const p2 = await snarkjs.groth16.fullProve({ a: 5, b: 7 }, wasm, z.data!);
    const p3 = await snarkjs.groth16.fullProve({ a: 3, b: 7 }, wasm, z.data!);
    req = { scheme: 'groth16', vkey, proof: p1.proof, publicSignals: p1.publicSignals };
    other = { scheme: 'groth16', vkey, proof: p2.proof, publicSignals: p2.publicSignals };
    third = { scheme: 'groth16', vkey, proof: p3.proof, publicSignals: p3.publicSignals };
  });
  afterAll(async () => { await anvil?.stop(); });

  it('deployments.json: missing, an HTML fallback, not JSON, unreachable → not configured, each said plainly', async () => {
    const url = 'http://app.test/deployments.json';
    await expect(fetchDeployments(url, serve('not found', 404))).rejects.toMatchObject({ name: 'ChainNotConfiguredError', reason: 'missing' });
    await expect(fetchDeployments(url, serve('<!doctype html><html></html>'))).rejects.toMatchObject({ reason: 'missing' });
    await expect(fetchDeployments(url, serve('{oops'))).rejects.toMatchObject({ reason: 'invalid' });
    const down = (async () => { throw new TypeError('Failed to fetch'); }) as typeof fetch;
    await expect(fetchDeployments(url, down)).rejects.toMatchObject({ reason: 'unreachable' });
    expect(await createChainService({ deploymentsUrl: url, fetch: down, load, ethereum: () => undefined }).status()).toMatchObject({ state: 'unavailable', problem: 'unreachable' });
    const st = await createChainService({ deploymentsUrl: url, fetch: serve('', 404), load, ethereum: () => undefined }).status();
    expect(st).toMatchObject({ state: 'unavailable', problem: 'not-configured' });
    expect((st as { message: string }).message).toMatch(/no local chain configured.*works without it/s);
    const bad = await service({ ...d, contracts: { VerifierRegistry: 'nope' } }).status();
    expect(bad).toMatchObject({ state: 'unavailable', problem: 'not-configured' });
    expect((bad as { message: string }).message).toMatch(/invalid.*VerifierRegistry must be an address/);
  });

  it('status: chain id, node, registry and the labelled development account', async () => {
    const st = await service(d).status();
    expect(st).toEqual({
      state: 'ready', chainId: anvil.chainId, rpcUrl: d.rpcUrl, registry: d.contracts.VerifierRegistry, deploymentBlock: d.blockNumber,
      development: true, wallet: { kind: 'development', address: ANVIL_DEV_ADDRESS, label: DEV_ACCOUNT_LABEL },
    });
    // not a development chain and no wallet: reads only
    expect(await service({ ...d, development: false }).status()).toMatchObject({ state: 'ready', wallet: { kind: 'none' } });
    await expect(service({ ...d, development: false }).verify(req)).rejects.toMatchObject({ name: 'WalletError', kind: 'no-wallet' });
  });

  it('wrong chain id and a registry address without code are reported as such', async () => {
    expect(await service({ ...d, chainId: 1 }).status()).toMatchObject({ state: 'unavailable', problem: 'wrong-chain' });
    const none = await service({ ...d, contracts: { VerifierRegistry: '0x000000000000000000000000000000000000dEaD' } }).status();
    expect(none).toMatchObject({ state: 'unavailable', problem: 'no-registry' });
    expect((none as { message: string }).message).toMatch(/no VerifierRegistry at 0x000000000000000000000000000000000000dEaD on chain/);
  });

  it('verify: registers the circuit, records the claim with the explicit gas limit, shows the event; again: already recorded', async () => {
    const chain = service(d);
    const stages: string[] = [];
    const out = await chain.verify(req, (s) => stages.push(s));
    expect(stages).toEqual(['connecting', 'checking-circuit', 'registering', 'verifying', 'done']);
    expect(out.status).toBe('verified');
    expect(out.registration.status).toBe('registered');
    const r = out.receipt;
    expect(r).toMatchObject({ chainId: anvil.chainId, registry: d.contracts.VerifierRegistry, circuitId: groth16CircuitId(req.vkey), prover: ANVIL_DEV_ADDRESS, recordedHere: true, gasLimit: VERIFY_GAS_LIMIT.toString() });
    expect(r.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(Number(r.gasUsed)).toBeGreaterThan(200_000);
    expect(Number(r.gasUsed)).toBeLessThan(300_000);
    expect(r.claimHash).toMatch(/^0x[0-9a-f]{64}$/);
    console.log(`app verify: gas used ${r.gasUsed} (limit ${r.gasLimit}); registration gas ${(out.registration as { gasUsed: string }).gasUsed}`);

    const again = await chain.verify(req);
    expect(again.status).toBe('already-recorded');
    expect(again.registration.status).toBe('already-registered');
    expect(again.receipt).toMatchObject({ recordedHere: false, txHash: r.txHash, blockNumber: r.blockNumber, prover: ANVIL_DEV_ADDRESS, claimHash: r.claimHash });
    expect(again.receipt.gasUsed).toBeUndefined();
    expect(await chain.stillRecorded(r)).toBe(true);
    expect(await chain.stillRecorded({ ...r, blockNumber: '1' })).toBe(false);
    expect(await chain.stillRecorded({ ...r, chainId: 5 })).toBe(false);
  });

  it('share-link lookup: recorded with block, prover and tx; other signals not recorded; PLONK unsupported', async () => {
    const chain = service(d);
    const found = await chain.lookupClaim(req);
    expect(found).toMatchObject({ status: 'recorded', prover: ANVIL_DEV_ADDRESS, circuitId: groth16CircuitId(req.vkey) });
    expect((found as { txHash: string }).txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await chain.lookupClaim(other)).toMatchObject({ status: 'not-recorded', circuitRegistered: true });
    expect(await chain.lookupClaim({ ...req, scheme: 'plonk' })).toMatchObject({ status: 'unsupported' });
    await expect(chain.verify({ ...req, scheme: 'plonk' })).rejects.toMatchObject({ name: 'ChainUnsupportedError' });
  });

  it('a tampered proof reverts with the decoded custom error and records nothing', async () => {
    const chain = service(d);
    // same number of signals (the output c and the public a), one changed: only the pairing can tell
    const bad = { ...other, publicSignals: other.publicSignals.map((x, i) => (i === other.publicSignals.length - 1 ? String(BigInt(x) + 1n) : x)) };
    expect(bad.publicSignals).toHaveLength(2);
    await expect(chain.verify({ ...other, publicSignals: ['4'] })).rejects.toMatchObject({ name: 'ContractRevertedError', errorName: 'PublicSignalsLengthMismatch', args: [2n, 1n] });
    await expect(chain.verify(bad)).rejects.toMatchObject({ name: 'ContractRevertedError', errorName: 'InvalidProof' });
    expect(await chain.lookupClaim(bad)).toMatchObject({ status: 'not-recorded' });
  });

  it('a key without a phase-2 contribution (δ = γ) is spotted in the page and refused by the registry, said plainly', async () => {
    expect(groth16KeyLacksContribution(vkey0)).toBe(true);
    expect(groth16KeyLacksContribution(req.vkey)).toBe(false);
    const chain = service(d);
    const e = await chain.verify({ ...req, vkey: vkey0 }).then(() => undefined, (x: unknown) => x);
    expect(e).toMatchObject({ name: 'ContractRevertedError', errorName: 'DegenerateVerificationKey' });
    expect(explainChainError(e)).toMatchObject({ kind: 'reverted', message: expect.stringMatching(/anyone could forge proofs for it.*no phase-2 contribution/) });
  });

  it('injected wallet: asks for the account, switches (adding the chain), sends; a rejection is a WalletError', async () => {
    const wallet = forwardingWallet(anvil.url, { chainId: anvil.chainId });
    const chain = service(d, { ethereum: () => wallet });
    const st = await chain.status();
    expect(st).toMatchObject({ state: 'ready', wallet: { kind: 'injected', chainId: anvil.chainId + 1 } });
    const out = await chain.verify(other);
    expect(out.status).toBe('verified');
    expect(out.registration.status).toBe('already-registered');
    expect(wallet.calls).toEqual(expect.arrayContaining(['eth_requestAccounts', 'wallet_switchEthereumChain', 'wallet_addEthereumChain', 'eth_sendTransaction']));
    expect(wallet.calls.indexOf('wallet_addEthereumChain')).toBeLessThan(wallet.calls.lastIndexOf('wallet_switchEthereumChain'));

    const refusing = forwardingWallet(anvil.url, { chainId: anvil.chainId, reject: ['eth_requestAccounts'] });
    await expect(service(d, { ethereum: () => refusing }).verify(req)).rejects.toMatchObject({ name: 'WalletError', kind: 'rejected' });
    const noSwitch = forwardingWallet(anvil.url, { chainId: anvil.chainId, reject: ['wallet_switchEthereumChain'] });
    await expect(service(d, { ethereum: () => noSwitch }).verify(req)).rejects.toMatchObject({ name: 'WalletError', kind: 'rejected', message: expect.stringMatching(/switching the wallet from chain \d+ to chain \d+ was rejected/) });
    const noTx = forwardingWallet(anvil.url, { chainId: anvil.chainId, reject: ['eth_sendTransaction'] });
    await expect(service(d, { ethereum: () => noTx }).verify(third)).rejects.toMatchObject({ name: 'TransactionRejectedError', by: 'user' });
    expect(await service(d).lookupClaim(third)).toMatchObject({ status: 'not-recorded' });
  });

  it('the chain goes away: status says unreachable, verify is a NoChainError (no hang)', async () => {
    const chain = service(d);
    expect((await chain.status()).state).toBe('ready');
    await anvil.stop();
    const st = await chain.status({ refresh: true });
    expect(st).toMatchObject({ state: 'unavailable', problem: 'unreachable' });
    expect((st as { message: string }).message).toMatch(/no Ethereum node answers at http:\/\/127\.0\.0\.1:\d+/);
    await expect(chain.verify(req)).rejects.toMatchObject({ name: 'NoChainError' });
    expect(await chain.lookupClaim(req)).toMatchObject({ status: 'unavailable', problem: 'unreachable' });
    expect(await chain.stillRecorded({ chainId: d.chainId, registry: d.contracts.VerifierRegistry } as never)).toBeUndefined();
  });
});
