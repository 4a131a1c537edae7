import { describe, it, expect } from 'vitest';
import { ChainMismatchError, HttpRequestError, InsufficientFundsError, UserRejectedRequestError, defineChain } from 'viem';
import { ZkmlError } from '../core/errors.js';
import { ChainError, ContractRevertedError, NoChainError, TransactionRejectedError, WrongChainError, toChainError } from './errors.js';

describe('toChainError', () => {
  it('maps wallet rejection, node refusal, unreachable node and chain mismatch to typed errors', () => {
    const rejected = toChainError(new UserRejectedRequestError(new Error('User denied')));
    expect(rejected).toBeInstanceOf(TransactionRejectedError);
    expect((rejected as TransactionRejectedError).by).toBe('user');
    expect(toChainError({ code: 4001, message: 'denied' })).toBeInstanceOf(TransactionRejectedError);

    const funds = toChainError(new InsufficientFundsError());
    expect(funds).toMatchObject({ name: 'TransactionRejectedError', by: 'node' });

    const down = toChainError(new HttpRequestError({ url: 'http://127.0.0.1:8545', cause: new TypeError('fetch failed') }));
    expect(down).toBeInstanceOf(NoChainError);
    expect(down.details.url).toBe('http://127.0.0.1:8545');

    const chain = defineChain({ id: 31337, name: 'Anvil', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [] } } });
    const wrong = toChainError(new ChainMismatchError({ chain, currentChainId: 1 }));
    expect(wrong).toBeInstanceOf(WrongChainError);
    expect(wrong).toMatchObject({ expected: 31337, actual: 1 });
  });

  it('passes ZkmlErrors through and wraps the rest in ChainError; all share the ZkmlError base', () => {
    const z = new ZkmlError('x');
    expect(toChainError(z)).toBe(z);
    const other = toChainError(new Error('something odd'));
    expect(other).toBeInstanceOf(ChainError);
    for (const e of [other, new NoChainError('u'), new WrongChainError(1, 2), new TransactionRejectedError('user', 'r'), new ContractRevertedError({ functionName: 'verify', errorName: 'InvalidProof', args: ['0x01'] })]) {
      expect(e).toBeInstanceOf(ZkmlError);
    }
    expect(new ContractRevertedError({ functionName: 'verify', errorName: 'InvalidProof', args: ['0x01'] }).message).toBe('verify reverted: InvalidProof(0x01)');
  });
});
