/**
 * The one Helia configuration both factories use: `createHeliaLight` (no libp2p, no bitswap, no
 * bootstrap peers, no delegated routing), a blockstore and datastore given by the platform, and
 * — only when a peer is configured — a trustless-gateway block broker whose only provider is that
 * peer (peerRouter). Without a peer there is no broker, so a missing block
 * fails at once instead of hanging.
 */
import { createHeliaLight } from 'helia';
import type { Helia, Router } from '@helia/interface';
import { trustlessGatewayBlockBroker } from '@helia/trustless-gateway-client';
import { fallbackRouter } from '@helia/fallback-router';
import type { Blockstore } from 'interface-blockstore';
import type { Datastore } from 'interface-datastore';
import { checkPeer, type PeerConfig } from './network.js';

export interface HeliaSetup {
  blockstore: Blockstore;
  datastore: Datastore;
  peer?: PeerConfig;
  /** allow a peer off 127.0.0.1 (public IPFS): explicit, off by default */
  allowPublic?: boolean;
}

/**
 * The peer's gateway as the one provider of every CID. Helia 7 only asks routers marked 'fallback'
 * after the others have finished, and with no other router that never happens (findProviders hangs):
 * so the fallback router's answer is given by a plain router.
 */
function peerRouter(gateway: string): Router {
  const fallback = fallbackRouter({ gateways: [gateway], shuffle: false });
  return { name: 'zkml-local-peer', findProviders: (cid, options) => fallback.findProviders!(cid, options) } as Router;
}

export async function startHelia(setup: HeliaSetup): Promise<{ helia: Helia; peer?: PeerConfig }> {
  const peer = setup.peer ? checkPeer(setup.peer, setup.allowPublic) : undefined;
  const helia = createHeliaLight({
    blockstore: setup.blockstore,
    datastore: setup.datastore,
    blockBrokers: peer ? [trustlessGatewayBlockBroker({ allowLocal: true, allowInsecure: true })] : [],
    routers: peer ? [peerRouter(peer.gateway)] : [],
  });
  await helia.start();
  return { helia, peer };
}
