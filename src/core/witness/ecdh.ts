/**
 * Ecdh off-circuit: the values `Ecdh()` (src/circuits/ecdh.circom) outputs, with its refusals as
 * exceptions: own public key pub = sk·Base8 and shared = sk·theirPub, for sk = 2^249 + 1 + 2·m with
 * m < 2^249 (the hunter's key form, inside [1, l)) and theirPub on BabyJubJub and not of small order
 * (docs/PROTOCOL.md §7).
 */
import { RangeError_ } from '../errors.js';
import { isHunterSecretKey } from '../handover/keys.js';
import { BASE8, isOnCurve, isSmallOrder, mulPoint, type Point } from '../handover/babyjub.js';

export function ecdh(sk: bigint, theirPub: Point): { pub: Point; shared: Point } {
  if (!isHunterSecretKey(sk)) throw new RangeError_('ecdh: the secret key must be 2^249 + 1 + 2·m with m < 2^249');
  if (!isOnCurve(theirPub)) throw new RangeError_('ecdh: the other public key is not on BabyJubJub');
  if (isSmallOrder(theirPub)) throw new RangeError_('ecdh: the other public key has small order');
  return { pub: mulPoint(BASE8, sk), shared: mulPoint(theirPub, sk) };
}
