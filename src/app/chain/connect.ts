/**
 * The viem side of the app's chain service, loaded lazily (dynamic import from service.ts): viem,
 * secp256k1 and the chain actions stay out of the first paint and of the offline studio.
 *
 * Reads go to the deployment's node (`rpcUrl`, else the injected wallet). Transactions are sent by
 * the injected wallet (window.ethereum) when there is one, after asking for an account and putting
 * it on the deployment's chain, else, on a development chain only, by anvil's development account
 * #0 signed in the page. Verifications always carry the explicit gas limit of verifyOnChain.
 */
import { createPublicClient, createWalletClient, custom, defineChain, http, type Account, type Address, type Chain, type PublicClient, type Transport, type WalletClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { checkChain } from '../../chain/check-chain.js';
import { claimHash as claimHashOf, groth16CircuitId } from '../../chain/calldata.js';
import { parseDeployments, type Deployments } from '../../chain/deployments.js';
import { ContractRevertedError } from '../../chain/errors.js';
import { getCircuit } from '../../chain/get-circuit.js';
import { getClaim } from '../../chain/get-claim.js';
import { registerCircuit } from '../../chain/register-circuit.js';
import { verifyOnChain } from '../../chain/verify-on-chain.js';
import type { StoredOnChainReceipt } from '../store/projects.js';
import { ANVIL_DEV_PRIVATE_KEY, DEV_ACCOUNT_LABEL } from './dev-account.js';
import { connectWallet, walletAccounts, walletChainId, type Eip1193Provider } from './eip1193.js';
import { ChainNotConfiguredError, ChainUnsupportedError, WalletError } from './errors.js';
import type { ChainStatus, CircuitLookup, ClaimLookup, Hex0x, OnChainRequest, Registration, VerifyOutcome, VerifyStage, WalletInfo } from './types.js';

export interface OpenChainOptions {
  /** where deployments.json came from, for messages */
  source: string;
  /** the injected wallet, when the page has one */
  ethereum?: Eip1193Provider;
  /** per-request timeout of the node, ms (default 10 s): a dead node is an error, not a hang */
  timeoutMs?: number;
}

const INJECTED_LABEL = 'Browser wallet (window.ethereum)';

/** The deployment's chain for viem (anvil unless told otherwise). */
function chainOf(d: Deployments, rpcUrl: string): Chain {
  return defineChain({
    id: d.chainId,
    name: d.development ? `Local development chain ${d.chainId}` : `Chain ${d.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

export class ChainConnection {
  readonly deployments: Deployments;
  readonly rpcUrl: string;
  readonly chain: Chain;
  readonly registry: Address;
  readonly development: boolean;
  private readonly transport: Transport;
  private readonly pub: PublicClient;
  private readonly ethereum?: Eip1193Provider;
  private readonly devAccount?: Account;

  constructor(d: Deployments, opts: OpenChainOptions) {
    this.deployments = d;
    this.development = d.development === true;
    this.ethereum = opts.ethereum;
    const timeout = opts.timeoutMs ?? 10_000;
    if (d.rpcUrl) this.transport = http(d.rpcUrl, { retryCount: 0, timeout });
    else if (opts.ethereum) this.transport = custom(opts.ethereum, { retryCount: 0 });
    else throw new ChainNotConfiguredError('invalid', opts.source, 'it names no rpcUrl and there is no browser wallet to read through');
    this.rpcUrl = d.rpcUrl ?? 'the browser wallet';
    this.chain = chainOf(d, d.rpcUrl ?? 'http://127.0.0.1:8545');
    this.registry = d.contracts.VerifierRegistry;
    this.pub = createPublicClient({ chain: this.chain, transport: this.transport, pollingInterval: 250 });
    if (!opts.ethereum && this.development) this.devAccount = privateKeyToAccount(ANVIL_DEV_PRIVATE_KEY);
  }

  /** Chain id and registry code, checked now; the wallet as far as it can be known without asking. */
  async status(): Promise<Extract<ChainStatus, { state: 'ready' }>> {
    await checkChain(this.pub, { chainId: this.deployments.chainId, registry: this.registry });
    let wallet: WalletInfo;
    if (this.ethereum) {
      const [address] = await walletAccounts(this.ethereum, { ask: false }).catch(() => [] as Hex0x[]);
      const chainId = await walletChainId(this.ethereum).catch(() => undefined);
      wallet = { kind: 'injected', label: INJECTED_LABEL, ...(address ? { address } : {}), ...(chainId ? { chainId } : {}) };
    } else if (this.devAccount) {
      wallet = { kind: 'development', address: this.devAccount.address, label: DEV_ACCOUNT_LABEL };
    } else {
      wallet = { kind: 'none', label: 'No wallet: install one to send transactions (reading works without)' };
    }
    return {
      state: 'ready', chainId: this.deployments.chainId, rpcUrl: this.rpcUrl, registry: this.registry,
      deploymentBlock: this.deployments.blockNumber, development: this.development, wallet,
    };
  }

  /** The wallet client to send from: the injected wallet (asked now) or the development account. */
  private async sender(): Promise<{ client: WalletClient; account: Account | Address }> {
    if (this.ethereum) {
      const { address } = await connectWallet(this.ethereum, { chainId: this.chain.id, chainName: this.chain.name, rpcUrl: this.deployments.rpcUrl });
      return { client: createWalletClient({ chain: this.chain, transport: custom(this.ethereum, { retryCount: 0 }), account: address, pollingInterval: 250 }), account: address };
    }
    if (this.devAccount) {
      return { client: createWalletClient({ chain: this.chain, transport: this.transport, account: this.devAccount, pollingInterval: 250 }), account: this.devAccount };
    }
    throw new WalletError('no-wallet', `chain ${this.chain.id} is not a development chain and this browser has no wallet (window.ethereum) to send from`);
  }

  /**
   * Registers the circuit when `getCircuit` does not know it, then verifies the proof (explicit gas
   * limit). A claim someone recorded before is not a failure: it comes back as 'already-recorded'
   * with the first prover, block and transaction. Everything else throws a typed error.
   */
  async verify(req: OnChainRequest, onStage: (s: VerifyStage) => void = () => {}): Promise<VerifyOutcome> {
    if (req.scheme !== 'groth16') throw new ChainUnsupportedError(req.scheme);
    onStage('connecting');
    await checkChain(this.pub, { chainId: this.deployments.chainId, registry: this.registry });
    const { client, account } = await this.sender();
    const registry = this.registry;
    onStage('checking-circuit');
    const circuitId = groth16CircuitId(req.vkey);
    const existing = await getCircuit(this.pub, { registry, circuitId });
    let registration: Registration;
    if (existing) {
      registration = { status: 'already-registered', owner: existing.owner };
    } else {
      onStage('registering');
      const r = await registerCircuit(client, { registry, scheme: 'groth16', vkey: req.vkey, account });
      registration = r.status === 'registered'
        ? { status: 'registered', txHash: r.hash, gasUsed: r.gasUsed.toString() }
        : { status: 'already-registered', owner: r.circuit.owner };
    }
    onStage('verifying');
    const checkedAt = new Date().toISOString();
    try {
      const r = await verifyOnChain(client, { registry, circuitId, scheme: 'groth16', proof: req.proof, publicSignals: req.publicSignals, account });
      onStage('done');
      return {
        status: 'verified', registration,
        receipt: {
          chainId: this.chain.id, registry, circuitId, claimHash: r.claimHash, publicSignalsHash: r.event.publicSignalsHash,
          prover: r.event.prover, blockNumber: r.blockNumber.toString(), txHash: r.hash,
          gasUsed: r.gasUsed.toString(), gasLimit: r.gasLimit.toString(), recordedHere: true, checkedAt,
        },
      };
    } catch (e) {
      if (!(e instanceof ContractRevertedError) || e.errorName !== 'ClaimAlreadyRecorded') throw e;
      const claim = await getClaim(this.pub, { registry, circuitId, publicSignals: req.publicSignals });
      onStage('done');
      const [, prover, block] = e.args as [Hex0x, Hex0x, bigint];
      return {
        status: 'already-recorded', registration,
        receipt: {
          chainId: this.chain.id, registry, circuitId, claimHash: claim?.claimHash ?? claimHashOf(circuitId, req.publicSignals),
          publicSignalsHash: claim?.publicSignalsHash ?? '0x', prover: claim?.prover ?? prover,
          blockNumber: (claim?.blockNumber ?? block).toString(), txHash: claim?.transactionHash ?? null,
          recordedHere: false, checkedAt,
        },
      };
    }
  }

  /** Whether the claim of (scheme, key, public signals) is recorded on this chain, and where. */
  async lookupClaim(req: Pick<OnChainRequest, 'scheme' | 'vkey' | 'publicSignals'>): Promise<ClaimLookup> {
    if (req.scheme !== 'groth16') return { status: 'unsupported', reason: new ChainUnsupportedError(req.scheme).message };
    const registry = this.registry;
    await checkChain(this.pub, { chainId: this.deployments.chainId, registry });
    const circuitId = groth16CircuitId(req.vkey);
    const claim = await getClaim(this.pub, { registry, circuitId, publicSignals: req.publicSignals });
    const base = { chainId: this.chain.id, registry, circuitId };
    if (claim) return { status: 'recorded', ...base, claimHash: claim.claimHash, prover: claim.prover, blockNumber: claim.blockNumber.toString(), txHash: claim.transactionHash };
    const circuit = await getCircuit(this.pub, { registry, circuitId });
    return { status: 'not-recorded', ...base, claimHash: claimHashOf(circuitId, req.publicSignals), circuitRegistered: circuit !== null };
  }

  /** Whether the circuit of a key is registered on this chain, under which id and by whom. */
  async lookupCircuit(req: Pick<OnChainRequest, 'scheme' | 'vkey'>): Promise<CircuitLookup> {
    if (req.scheme !== 'groth16') return { status: 'unsupported', reason: new ChainUnsupportedError(req.scheme).message };
    const registry = this.registry;
    await checkChain(this.pub, { chainId: this.deployments.chainId, registry });
    const circuitId = groth16CircuitId(req.vkey);
    const circuit = await getCircuit(this.pub, { registry, circuitId });
    const base = { chainId: this.chain.id, registry, circuitId };
    return circuit ? { status: 'registered', ...base, owner: circuit.owner } : { status: 'not-registered', ...base };
  }

  /** Whether a receipt kept with a project still stands on this chain (a restarted anvil forgets everything). */
  async stillRecorded(r: StoredOnChainReceipt): Promise<boolean> {
    if (r.chainId !== this.chain.id || r.registry.toLowerCase() !== this.registry.toLowerCase()) return false;
    const claim = await getClaim(this.pub, { registry: this.registry, claimHash: r.claimHash });
    return claim !== null && claim.blockNumber.toString() === r.blockNumber;
  }
}

/** Validates the deployment file's JSON and builds the connection (nothing is asked of the node yet). */
export function openChain(json: unknown, opts: OpenChainOptions): ChainConnection {
  let d: Deployments;
  try {
    d = parseDeployments(json);
  } catch (e) {
    throw new ChainNotConfiguredError('invalid', opts.source, e instanceof Error ? e.message.replace(/^deployments\.json: /, '') : String(e), { cause: e });
  }
  return new ChainConnection(d, opts);
}
