/**
 * No public network unless asked: every URL the IPFS layer may contact (the local peer's gateway and
 * API, extra gateways) must be on a loopback host, unless `allowPublic` is set explicitly (documented
 * in docs/ARCHITECTURE.md, off by default). There are no bootstrap peers and no delegated routers.
 */
import { PublicNetworkError } from './errors.js';

/** The local peer as the app and the CLI find it (ipfs.json next to deployments.json). */
export interface PeerConfig {
  /** trustless gateway base URL: GET {gateway}/ipfs/<cid>?format=raw|car */
  gateway: string;
  /** kubo-style RPC base URL: POST {api}/api/v0/dag/import, /api/v0/version */
  api: string;
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export function isLoopbackUrl(url: string | URL): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Throws PublicNetworkError for a URL off the loopback host when public access was not allowed. */
export function assertAllowedUrl(url: string, what: string, allowPublic = false): string {
  let u: URL;
  try { u = new URL(url); } catch (e) { throw new PublicNetworkError(`${what} ${JSON.stringify(url)} is not a URL`, { cause: e, details: { url } }); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new PublicNetworkError(`${what} ${url} must be http(s)`, { details: { url } });
  if (!allowPublic && !isLoopbackHost(u.hostname)) {
    throw new PublicNetworkError(`${what} ${url} is not on this machine (127.0.0.1); contacting public IPFS hosts needs the explicit allowPublic setting`, { details: { url } });
  }
  return u.href.replace(/\/$/, '');
}

/** Checks and normalises a peer config (both URLs loopback unless allowPublic). */
export function checkPeer(peer: PeerConfig, allowPublic = false): PeerConfig {
  return { gateway: assertAllowedUrl(peer.gateway, 'IPFS gateway', allowPublic), api: assertAllowedUrl(peer.api, 'IPFS API', allowPublic) };
}

/** Parses ipfs.json ({ gateway, api }); undefined when it is not one. */
export function parsePeerConfig(json: unknown): PeerConfig | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const o = json as Record<string, unknown>;
  if (typeof o.gateway !== 'string' || typeof o.api !== 'string') return undefined;
  return { gateway: o.gateway, api: o.api };
}
