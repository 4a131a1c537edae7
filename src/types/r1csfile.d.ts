/**
 * Minimal ambient types for r1csfile 0.0.x (iden3's `.r1cs` reader, used inside snarkjs).
 * ZKML parses r1cs itself (src/zk/r1cs.ts); this covers `readR1cs` for cross-checks.
 */
declare module 'r1csfile' {
  import type { Curve, WasmField, F1Field } from 'ffjavascript';

  export interface ReadR1csOptions {
    loadConstraints?: boolean;
    loadMap?: boolean;
    loadCustomGates?: boolean;
    singleThread?: boolean;
  }

  /** A linear combination: wire index → coefficient (in `F`'s representation). */
  export type R1csLinearCombination = Record<number, unknown>;

  export interface R1csFile {
    n8: number;
    prime: bigint;
    /** Set when the prime is a known curve's scalar field (BN254, BLS12-381). */
    curve?: Curve;
    F: WasmField | F1Field;
    nVars: number;
    nOutputs: number;
    nPubInputs: number;
    nPrvInputs: number;
    nLabels: number;
    nConstraints: number;
    useCustomGates: boolean;
    constraints?: [R1csLinearCombination, R1csLinearCombination, R1csLinearCombination][];
    map?: number[];
    customGates?: unknown[];
    customGatesUses?: unknown[];
  }

  export function readR1cs(
    file: string | Uint8Array | { type: 'mem'; data: Uint8Array },
    options?: ReadR1csOptions,
  ): Promise<R1csFile>;
  export function readR1cs(
    file: string | Uint8Array | { type: 'mem'; data: Uint8Array },
    loadConstraints?: boolean, loadMap?: boolean, singleThread?: boolean,
  ): Promise<R1csFile>;
}
