/**
 * Minimal ambient types for circom_runtime 0.1.x: the witness calculator that runs a circuit's
 * compiled `circuit_js/circuit.wasm` (read off node_modules/circom_runtime/js/witness_calculator.js).
 */
declare module 'circom_runtime' {
  /** Input signal values: field elements as bigint/number/decimal string, nested arrays allowed. */
  export type WitnessInputValue = bigint | number | string | WitnessInputValue[];
  export type WitnessInput = Record<string, WitnessInputValue>;

  export interface WitnessCalculatorOptions {
    /** WebAssembly memory pages (64 KiB each) for circom 1 circuits; default 32767. */
    memorySize?: number;
    /** Check every signal assignment while computing (slower). */
    sanityCheck?: boolean;
    /** A loaded .sym file, for readable error messages (circom 1). */
    sym?: { labelIdx2Name: string[] };
    logGetSignal?: (signal: number, value: unknown) => void;
    logSetSignal?: (signal: number, value: unknown) => void;
    logStartComponent?: (component: number) => void;
    logFinishComponent?: (component: number) => void;
  }

  export interface WitnessCalculator {
    /** The field prime the circuit was compiled for. */
    readonly prime: bigint;
    /** Number of 32-bit limbs per field element. */
    readonly n32: number;
    /** Number of witness values (wires), `1` first. */
    readonly witnessSize: number;
    circom_version(): number;
    /** The full witness as bigints in [0, prime). Throws if an assert fails or an input is missing. */
    calculateWitness(input: WitnessInput, sanityCheck?: boolean): Promise<bigint[]>;
    /** The witness as a snarkjs `.wtns` file (version 2). circom 2 circuits only. */
    calculateWTNSBin(input: WitnessInput, sanityCheck?: boolean): Promise<Uint8Array>;
    /** The witness as raw concatenated field elements. circom 1 circuits only. */
    calculateBinWitness?(input: WitnessInput, sanityCheck?: boolean): Promise<Uint8Array>;
  }

  export function WitnessCalculatorBuilder(
    code: Uint8Array | ArrayBuffer | WebAssembly.Instance,
    options?: WitnessCalculatorOptions,
  ): Promise<WitnessCalculator>;
}
