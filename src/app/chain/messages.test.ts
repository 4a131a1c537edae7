/** Chain errors and registry reverts in plain words, from the real error classes. */
import { describe, it, expect } from 'vitest';
import { ContractRevertedError, NoChainError, NoRegistryError, TransactionRejectedError, WrongChainError } from '../../chain/errors.js';
import { ChainNotConfiguredError, ChainUnsupportedError, WalletError } from './errors.js';
import { describeRevert, explainChainError } from './messages.js';

describe('explainChainError', () => {
  it('gives each chain problem its own kind, title and message', () => {
    const cases: [unknown, string, RegExp][] = [
      [new ChainNotConfiguredError('missing', './deployments.json'), 'not-configured', /no local chain configured.*works without it/s],
      [new ChainNotConfiguredError('unreachable', './deployments.json', 'Failed to fetch'), 'unreachable', /The app server did not hand out \.\/deployments\.json \(Failed to fetch\).*npm start still running/],
      [new ChainNotConfiguredError('invalid', './deployments.json', 'chainId must be a positive integer'), 'not-configured', /invalid: chainId must be/],
      [new NoChainError('http://127.0.0.1:8545'), 'unreachable', /no Ethereum node answers at http:\/\/127\.0\.0\.1:8545.*works without it/s],
      [new WrongChainError(31337, 1), 'wrong-chain', /connected to chain 1, but the contracts are deployed on chain 31337/],
      [new NoRegistryError('0x5FbDB2315678afecb367f032d93F642f64180aa3', 31337), 'no-registry', /no VerifierRegistry at 0x5FbD.* on chain 31337/],
      [new WalletError('rejected', 'the account request was rejected in the wallet'), 'rejected', /rejected in the wallet/],
      [new WalletError('pending', 'x is already waiting in the wallet'), 'wallet', /already waiting/],
      [new TransactionRejectedError('user', 'rejected'), 'rejected', /rejected in the wallet; nothing was sent/],
      [new TransactionRejectedError('node', 'insufficient funds for gas × price + value'), 'rejected', /insufficient funds/],
      [new ChainUnsupportedError('plonk'), 'unsupported', /Groth16-only for now: a PLONK circuit/],
      [new Error('boom'), 'error', /boom/],
      ['a string', 'error', /a string/],
    ];
    for (const [e, kind, message] of cases) {
      const x = explainChainError(e);
      expect(x.kind, String(e)).toBe(kind);
      expect(x.message, String(e)).toMatch(message);
      expect(x.title.length).toBeGreaterThan(3);
    }
  });

  it('a node that stops answering is the chain, named with its address and how to restart it, never the app server', () => {
    // npm start's anvil died (deployments.json was served, so the app server is up)
    const local = explainChainError(new NoChainError('http://127.0.0.1:8545'));
    expect(local).toMatchObject({ kind: 'unreachable', title: 'Chain not answering' });
    expect(local.message).toMatch(/^The local chain at 127\.0\.0\.1:8545 is not answering \(no Ethereum node answers at http:\/\/127\.0\.0\.1:8545\): it stopped, or npm start is restarting it\. Check again in a few seconds\./);
    expect(local.message).toContain('npm run chain -- --port 8545 in another terminal, or Ctrl-C in the terminal of npm start and npm start again');
    expect(local.message).toMatch(/works without it/);
    expect(local.message).not.toMatch(/deployments\.json|app server|could not be loaded/);
    expect(explainChainError(new NoChainError('http://localhost:9545')).message).toMatch(/^The local chain at localhost:9545 is not answering.*npm run chain -- --port 9545/s);

    // a node elsewhere, or the wallet's: no npm start advice
    const remote = explainChainError(new NoChainError('https://rpc.example.org')).message;
    expect(remote).toMatch(/^The chain's node is not answering \(no Ethereum node answers at https:\/\/rpc\.example\.org\): check that it is running/);
    expect(remote).not.toMatch(/npm/);
    expect(explainChainError(new NoChainError(undefined)).message).toMatch(/^The browser wallet's chain is not answering/);

    // only deployments.json failing to load is about the app server (npm start itself is gone)
    const server = explainChainError(new ChainNotConfiguredError('unreachable', 'http://127.0.0.1:5173/deployments.json', 'HTTP 502'));
    expect(server.title).toBe('Chain settings could not be loaded');
    expect(server.message).toMatch(/^The app server did not hand out http:\/\/127\.0\.0\.1:5173\/deployments\.json \(HTTP 502\), so the page cannot tell which chain to use/);
  });

  it('decodes registry reverts: an already recorded claim names its block and first prover', () => {
    const prover = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
    const e = new ContractRevertedError({ functionName: 'verify', errorName: 'ClaimAlreadyRecorded', args: [`0x${'ab'.repeat(32)}`, prover, 12n] });
    const x = explainChainError(e);
    expect(x).toMatchObject({ kind: 'reverted', title: 'Verification reverted' });
    expect(x.message).toBe(`This claim was already recorded in block 12 by ${prover}: the proof is fine, the registry keeps the first prover.`);
    expect(explainChainError(new ContractRevertedError({ functionName: 'verify', errorName: 'InvalidProof', args: [`0x${'01'.repeat(32)}`] })).message)
      .toMatch(/does not verify under this circuit's key \(InvalidProof\)/);
    expect(explainChainError(new ContractRevertedError({ functionName: 'verify', reason: 'execution reverted' })).message).toBe('Reverted: execution reverted.');
  });

  it('describeRevert covers the registry errors and falls back to name(args)', () => {
    expect(describeRevert('SignalNotInField', [2n])).toMatch(/public signal 2 is not below the field modulus/);
    expect(describeRevert('PublicSignalsLengthMismatch', [1n, 3n])).toMatch(/3 public signals where the circuit has 1/);
    expect(describeRevert('VerifierOutOfGas')).toMatch(/ran out of gas.*nothing was recorded/);
    expect(describeRevert('UnknownCircuit', [`0x${'12'.repeat(32)}`])).toMatch(/circuit 0x121212…121212 is not registered/);
    expect(describeRevert('SomethingNew', [1n, `0x${'cd'.repeat(32)}`])).toBe('SomethingNew(1, 0xcdcdcd…cdcdcd)');
    expect(describeRevert(undefined)).toBe('reverted without a reason');
  });
});
