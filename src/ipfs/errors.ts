/**
 * Typed errors of the IPFS data layer (viem style: a stable `name`, a message naming the problem,
 * `details` for the UI, `cause`).
 */
import { ZkmlError } from '../core/errors.js';

/** Any failure of the IPFS layer. */
export class IpfsError extends ZkmlError {
  override name = 'IpfsError';
}

/** A string that is not a CID (or a CID of a kind this layer does not read). */
export class InvalidCidError extends IpfsError {
  override name = 'InvalidCidError';
  constructor(value: string, opts: { cause?: unknown } = {}) {
    super(`not a CID: ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}`, { cause: opts.cause, details: { value } });
  }
}

/** Bytes that do not hash to the CID they were given under: a peer or a file lied, or data was damaged. */
export class CidMismatchError extends IpfsError {
  override name = 'CidMismatchError';
  constructor(expected: string, actual: string, what = 'block') {
    super(`${what} does not match its CID: expected ${expected}, the bytes hash to ${actual}`, { details: { expected, actual, what } });
  }
}

/** A block (or file) is neither stored here nor obtainable from the configured peer. */
export class BlockNotFoundError extends IpfsError {
  override name = 'BlockNotFoundError';
}

/** The local peer (npm run ipfs / npm start) cannot be reached or refused a request. */
export class PeerError extends IpfsError {
  override name = 'PeerError';
}

/** A configuration that would reach a non-loopback host without being explicitly allowed. */
export class PublicNetworkError extends IpfsError {
  override name = 'PublicNetworkError';
}
