/**
 * The chain's word on an accuracy link (src/core/share/accuracy-link.ts): is the link's key one of the bounty's
 * registered accuracy circuits, and is the proved testRoot the bounty's? Reads deployments.json next to the page
 * (as the studio's chain service does), then — viem in a lazy chunk — the bounty's terms (src/chain/get-bounty.ts).
 * Never throws: an unreachable chain is `unavailable`, and the link's claims stay claims.
 */
import { accuracyBountyCheck, type AccuracyBountyCheck, type AccuracyLinkPayload } from '../../core/share/accuracy-link.js';
import { fetchDeployments } from '../chain/service.js';
import { errorMessage } from '../lib/files.js';

export type AccuracyChainResult = AccuracyBountyCheck | { status: 'unavailable'; reason: string };

export async function checkAccuracyOnChain(p: AccuracyLinkPayload, opts: { deploymentsUrl?: string } = {}): Promise<AccuracyChainResult> {
  try {
    const { parseDeployments } = await import('../../chain/deployments.js');
    const d = parseDeployments(await fetchDeployments(opts.deploymentsUrl ?? new URL('deployments.json', document.baseURI).href));
    if (p.meta.chainId !== undefined && p.meta.chainId !== d.chainId) return { status: 'unavailable', reason: `the link names chain ${p.meta.chainId}; this app is connected to chain ${d.chainId}` };
    const manager = (p.meta.manager ?? d.contracts.BountyManager) as `0x${string}` | undefined;
    if (!manager) return { status: 'unavailable', reason: 'the connected chain has no BountyManager' };
    if (p.scheme !== 'groth16') return { status: 'unavailable', reason: `only Groth16 accuracy circuits are looked up on chain (this one is ${p.scheme})` };
    if (!d.rpcUrl) return { status: 'unavailable', reason: 'deployments.json names no node to read from' };
    const [{ createPublicClient, http }, { getBounty }, { groth16CircuitId }] = await Promise.all([import('viem'), import('../../chain/get-bounty.js'), import('../../chain/calldata.js')]);
    const pub = createPublicClient({ transport: http(d.rpcUrl, { retryCount: 0, timeout: 10_000 }) });
    const bounty = await getBounty(pub, { manager, bountyId: BigInt(p.meta.bountyId), fromBlock: BigInt(d.blockNumber) });
    return accuracyBountyCheck(p, bounty && { testRoot: bounty.terms.testRoot, accuracyCircuitIds: bounty.terms.accuracyCircuitIds, n: bounty.terms.n, batchSize: bounty.terms.batchSize }, groth16CircuitId(p.vkey));
  } catch (e) {
    return { status: 'unavailable', reason: `the chain could not be asked: ${errorMessage(e)}` };
  }
}
