/**
 * Minimal ambient types for snarkjs 0.7.x, read off node_modules/snarkjs/src.
 *
 * Files: every function that *reads* a file goes through fastfile's `readExisting`, which takes a
 * path (Node: the disk; browser build: fetched as a URL), a `Uint8Array`, or a `{ type: 'mem',
 * data }` object. Every function that *writes* goes through `createOverride`, which takes a path or
 * a `{ type: 'mem' }` object whose `data` holds the bytes once snarkjs has closed the file.
 *
 * Return values that signal failure are typed as snarkjs really returns them: several setup
 * functions log an error and return `-1` or `false` instead of throwing.
 */
declare module 'snarkjs' {
  import type { Curve } from 'ffjavascript';

  /** An in-memory fastfile. After a write, `data` holds exactly the bytes written. */
  export interface MemFile { type: 'mem'; data?: Uint8Array; initialSize?: number }
  /** An in-memory fastfile made of 4 MiB pages, for files above the engine's allocation limit. */
  export interface BigMemFile { type: 'bigMem'; data?: Uint8Array[]; initialSize?: number }
  export interface DiskFile { type: 'file'; fileName: string; cacheSize?: number; pageSize?: number }
  /** Something snarkjs can read. */
  export type FileSource = string | Uint8Array | MemFile | BigMemFile | DiskFile;
  /** Something snarkjs can write to. */
  export type FileTarget = string | MemFile | BigMemFile | DiskFile;

  export interface Logger {
    debug(...args: unknown[]): void;
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
    /** Used by a few powers-of-tau routines. */
    log?(...args: unknown[]): void;
  }

  /** A decimal string (snarkjs's JSON form of field elements). */
  export type NumericString = string;
  export type PublicSignals = NumericString[];
  /** Affine G1 point [x, y, "1"] (or [0, 1, 0] for the identity). */
  export type G1Json = NumericString[];
  /** Affine G2 point [[x0, x1], [y0, y1], ["1", "0"]]. */
  export type G2Json = NumericString[][];

  export interface Groth16Proof {
    pi_a: G1Json;
    pi_b: G2Json;
    pi_c: G1Json;
    protocol: 'groth16';
    curve: string;
  }
  export interface PlonkProof {
    A: G1Json; B: G1Json; C: G1Json; Z: G1Json;
    T1: G1Json; T2: G1Json; T3: G1Json;
    Wxi: G1Json; Wxiw: G1Json;
    eval_a: NumericString; eval_b: NumericString; eval_c: NumericString;
    eval_s1: NumericString; eval_s2: NumericString; eval_zw: NumericString;
    protocol: 'plonk';
    curve: string;
  }
  export interface FflonkProof {
    polynomials: { C1: G1Json; C2: G1Json; W1: G1Json; W2: G1Json };
    evaluations: Record<
      'ql' | 'qr' | 'qm' | 'qo' | 'qc' | 's1' | 's2' | 's3' | 'a' | 'b' | 'c' | 'z' | 'zw' | 't1w' | 't2w' | 'inv',
      NumericString
    >;
    protocol: 'fflonk';
    curve: string;
  }
  export type Proof = Groth16Proof | PlonkProof | FflonkProof;

  /** Verification key as exported by `zKey.exportVerificationKey` (JSON-safe). */
  export interface VerificationKey {
    protocol: 'groth16' | 'plonk' | 'fflonk';
    curve: string;
    nPublic: number;
    [field: string]: unknown;
  }

  /** Options forwarded to circom_runtime's WitnessCalculatorBuilder. */
  export interface WtnsCalcOptions {
    memorySize?: number;
    sanityCheck?: boolean;
    [option: string]: unknown;
  }
  export interface ProverOptions { singleThread?: boolean }

  export interface ProveResult<P extends Proof> { proof: P; publicSignals: PublicSignals }

  /** The r1cs header as read by r1csfile (`r1cs.info`). */
  export interface R1csInfo {
    n8: number;
    prime: bigint;
    curve: Curve;
    nVars: number;
    nOutputs: number;
    nPubInputs: number;
    nPrvInputs: number;
    nLabels: number;
    nConstraints: number;
    useCustomGates?: boolean;
    [field: string]: unknown;
  }

  /** The EJS templates `exportSolidityVerifier` renders, keyed by protocol. */
  export interface SolidityTemplates { groth16?: string; plonk?: string; fflonk?: string }

  export namespace groth16 {
    function fullProve(
      input: unknown, wasmFile: FileSource, zkeyFile: FileSource, logger?: Logger,
      wtnsCalcOptions?: WtnsCalcOptions, proverOptions?: ProverOptions,
    ): Promise<ProveResult<Groth16Proof>>;
    function prove(zkeyFile: FileSource, witnessFile: FileSource, logger?: Logger, options?: ProverOptions): Promise<ProveResult<Groth16Proof>>;
    /** Note: does not itself compare publicSignals.length with vk.nPublic. */
    function verify(vk: unknown, publicSignals: unknown, proof: unknown, logger?: Logger): Promise<boolean>;
    function exportSolidityCallData(proof: unknown, publicSignals: unknown): Promise<string>;
  }

  export namespace plonk {
    /** Resolves to -1 (after logging) when the ptau is too small or the curve differs. */
    function setup(r1csFile: FileSource, ptauFile: FileSource, zkeyFile: FileTarget, logger?: Logger): Promise<void | -1>;
    function fullProve(
      input: unknown, wasmFile: FileSource, zkeyFile: FileSource, logger?: Logger,
      wtnsCalcOptions?: WtnsCalcOptions, proverOptions?: ProverOptions,
    ): Promise<ProveResult<PlonkProof>>;
    function prove(zkeyFile: FileSource, witnessFile: FileSource, logger?: Logger, options?: ProverOptions): Promise<ProveResult<PlonkProof>>;
    function verify(vk: unknown, publicSignals: unknown, proof: unknown, logger?: Logger): Promise<boolean>;
    function exportSolidityCallData(proof: unknown, publicSignals: unknown): Promise<string>;
  }

  export namespace fflonk {
    /** Throws when the ptau is too small; resolves to 0. */
    function setup(r1csFile: FileSource, ptauFile: FileSource, zkeyFile: FileTarget, logger?: Logger): Promise<number>;
    function fullProve(
      input: unknown, wasmFile: FileSource, zkeyFile: FileSource, logger?: Logger,
      wtnsCalcOptions?: WtnsCalcOptions, proverOptions?: ProverOptions,
    ): Promise<ProveResult<FflonkProof>>;
    function prove(zkeyFile: FileSource, witnessFile: FileSource, logger?: Logger, options?: ProverOptions): Promise<ProveResult<FflonkProof>>;
    /** Note: calls `logger.error` unguarded when the number of public signals is wrong. */
    function verify(vk: unknown, publicSignals: unknown, proof: unknown, logger?: Logger): Promise<boolean>;
    function exportSolidityVerifier(vk: VerificationKey, templates: SolidityTemplates, logger?: Logger): Promise<string>;
    /** Argument order differs from groth16/plonk: public signals first. */
    function exportSolidityCallData(publicSignals: unknown, proof: unknown): Promise<string>;
  }

  export namespace zKey {
    /** Groth16 phase-2 start. Resolves to the circuit hash, or -1 (after logging) on a too-small or unprepared ptau. */
    function newZKey(r1csFile: FileSource, ptauFile: FileSource, zkeyFile: FileTarget, logger?: Logger): Promise<Uint8Array | -1>;
    /** Groth16 phase-2 contribution; `entropy` must be non-empty or snarkjs prompts for it. Resolves to the contribution hash. */
    function contribute(zkeyOld: FileSource, zkeyNew: FileTarget, name: string, entropy: string, logger?: Logger): Promise<Uint8Array>;
    /** Resolves to the contribution hash, or false (after logging) on bad beacon parameters. */
    function beacon(
      zkeyOld: FileSource, zkeyNew: FileTarget, name: string, beaconHashHex: string, numIterationsExp: number, logger?: Logger,
    ): Promise<Uint8Array | false>;
    function verifyFromR1cs(r1csFile: FileSource, ptauFile: FileSource, zkeyFile: FileSource, logger?: Logger): Promise<boolean>;
    function verifyFromInit(initZkeyFile: FileSource, ptauFile: FileSource, zkeyFile: FileSource, logger?: Logger): Promise<boolean>;
    function exportVerificationKey(zkeyFile: FileSource, logger?: Logger): Promise<VerificationKey>;
    function exportJson(zkeyFile: FileSource): Promise<Record<string, unknown>>;
    /** Renders `templates[protocol]` with EJS (fflonk: after precomputing roots of unity). */
    function exportSolidityVerifier(zkeyFile: FileSource, templates: SolidityTemplates, logger?: Logger): Promise<string>;
    function exportBellman(zkeyFile: FileSource, mpcParamsFile: FileTarget, logger?: Logger): Promise<unknown>;
    function importBellman(zkeyOld: FileSource, mpcParamsFile: FileSource, zkeyNew: FileTarget, name: string, logger?: Logger): Promise<unknown>;
    function bellmanContribute(curve: Curve, challengeFile: FileSource, responseFile: FileTarget, entropy: string, logger?: Logger): Promise<unknown>;
  }

  export namespace powersOfTau {
    /** Resolves to the first challenge hash. */
    function newAccumulator(curve: Curve, power: number, ptauFile: FileTarget, logger?: Logger): Promise<Uint8Array>;
    /** `entropy` must be non-empty or snarkjs prompts for it. Resolves to the response hash. */
    function contribute(ptauOld: FileSource, ptauNew: FileTarget, name: string, entropy: string, logger?: Logger): Promise<Uint8Array>;
    function beacon(
      ptauOld: FileSource, ptauNew: FileTarget, name: string, beaconHashHex: string, numIterationsExp: number, logger?: Logger,
    ): Promise<Uint8Array | false>;
    /** Adds the Lagrange-basis sections 12–15 that every setup needs. */
    function preparePhase2(ptauOld: FileSource, ptauNew: FileTarget, logger?: Logger): Promise<void>;
    function verify(ptauFile: FileSource, logger?: Logger): Promise<boolean>;
    /** Writes `template + NN + '.ptau'` for every smaller power. */
    function truncate(ptauFile: FileSource, template: string, logger?: Logger): Promise<boolean>;
    function convert(ptauOld: FileSource, ptauNew: FileTarget, logger?: Logger): Promise<void>;
    function exportJson(ptauFile: FileSource, verbose?: boolean): Promise<Record<string, unknown>>;
    function exportChallenge(ptauFile: FileSource, challengeFile: FileTarget, logger?: Logger): Promise<Uint8Array>;
    function importResponse(
      ptauOld: FileSource, responseFile: FileSource, ptauNew: FileTarget, name: string, importPoints: boolean, logger?: Logger,
    ): Promise<Uint8Array>;
    function challengeContribute(curve: Curve, challengeFile: FileSource, responseFile: FileTarget, entropy: string, logger?: Logger): Promise<Uint8Array>;
  }

  export namespace r1cs {
    function info(r1csFile: FileSource, logger?: Logger): Promise<R1csInfo>;
    function print(r1cs: unknown, syms: unknown, logger?: Logger): void;
    function exportJson(r1csFile: FileSource, logger?: Logger): Promise<Record<string, unknown>>;
  }

  export namespace wtns {
    function calculate(input: unknown, wasmFile: FileSource, wtnsFile: FileTarget, options?: WtnsCalcOptions): Promise<void>;
    function debug(input: unknown, wasmFile: FileSource, wtnsFile: FileTarget, symFile: FileSource, options: unknown, logger?: Logger): Promise<void>;
    function exportJson(wtnsFile: FileSource): Promise<bigint[]>;
    /** Checks a witness against the r1cs constraints. */
    function check(r1csFile: FileSource, wtnsFile: FileSource, logger?: Logger): Promise<boolean>;
  }

  export namespace curves {
    function getCurveFromR(r: bigint, options?: { singleThread?: boolean }): Promise<Curve>;
    function getCurveFromQ(q: bigint, options?: { singleThread?: boolean }): Promise<Curve>;
    function getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<Curve>;
  }
}
