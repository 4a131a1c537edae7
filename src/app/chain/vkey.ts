/**
 * What the registry will refuse in a Groth16 verification key, checked in the page before anything
 * is sent (no viem here). A key straight from `snarkjs zkey new` has had no phase-2 contribution:
 * its δ is still the generator, equal to γ, and with δ = γ anyone can move a valid proof to other
 * public signals (C' = C + IC(x) − IC(x')). The studio's setups never make such a key (the
 * development setup adds the public beacon contribution, a ptau setup a random one), but a project
 * stored by an older version, or imported keys, may hold one.
 * VerifierRegistry.registerGroth16 reverts with DegenerateVerificationKey for such a key.
 */
import type * as snarkjs from 'snarkjs';

const norm = (p: unknown): string => JSON.stringify(p, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** True when the key's δ equals its γ (no phase-2 contribution): the registry refuses it. */
export function groth16KeyLacksContribution(vkey: snarkjs.VerificationKey | Record<string, unknown>): boolean {
  const k = vkey as { vk_gamma_2?: unknown; vk_delta_2?: unknown };
  return k.vk_gamma_2 !== undefined && k.vk_delta_2 !== undefined && norm(k.vk_gamma_2) === norm(k.vk_delta_2);
}
