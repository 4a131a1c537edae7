/**
 * The one Helia configuration both factories use: `createHeliaLight` (no libp2p, no bitswap, no
 * bootstrap peers, no delegated routing), a blockstore and datastore given by the platform, and
 * — only when a peer is configured — a trustless-gateway block broker whose only provider is that
 * peer (a fallback router naming its gateway). Without a peer there is no broker, so a missing block
 * fails at once instead of hanging.
 */
import { createHeliaLight } from 'helia';
import type { Helia } from '@helia/interface';
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

export async function startHelia(setup: HeliaSetup): Promise<{ helia: Helia; peer?: PeerConfig }> {
  const peer = setup.peer ? checkPeer(setup.peer, setup.allowPublic) : undefined;
  const helia = createHeliaLight({
    blockstore: setup.blockstore,
    datastore: setup.datastore,
    blockBrokers: peer ? [trustlessGatewayBlockBroker({ allowLocal: true, allowInsecure: true })] : [],
    routers: peer ? [fallbackRouter({ gateways: [peer.gateway], shuffle: false })] : [],
  });
  await helia.start();
  return { helia, peer };
}
