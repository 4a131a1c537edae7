/**
 * Does a circuit fit in a browser tab? Decided from the transpiler's constraint estimate BEFORE compiling
 * (the estimate equals the compiled count: the tests pin it), with thresholds measured by bench/scale.ts:
 * the studio's whole flow (compile, development setup, prove) driven in headless Chromium on the reference
 * machine, peak tab memory = the renderer processes' RSS (docs/BENCHMARKS.md, "Scale"). Pure and isomorphic.
 *
 * Three answers:
 * - `tab`: prove it here.
 * - `native`: too big to prove in a tab, but the tab can still compile it and compute its witness (cheap);
 *   the keys and the proof are made by a native prover (rapidsnark) or the CLI, from snarkjs-format files.
 * - `cli`: even compiling does not fit (circom runs as 32-bit WebAssembly in the tab: 4 GiB at most); the
 *   CLI (`zkml`) runs the same core in Node and writes the same files.
 */

/** Where the thresholds below come from (bench/scale.ts, bench/scale.json; docs/BENCHMARKS.md "Scale"). */
export const TAB_MEASUREMENT = {
  machine: '2 cores, 23.5 GiB, Chromium 156 headless, Linux x64',
  date: '2026-12-04',
  /** the renderer RSS of the studio with a model transpiled, before compiling */
  baseMiB: 422,
  /** the largest model the studio proved end to end in one tab (hashed input), and its whole-flow peak */
  proved: { model: 'lenet5-w2 (LeNet-5, every width ÷ 2)', constraints: 361_781, ptauPower: 19, peakMiB: 2_344 },
  /** the largest compile measured in the tab, and its peak */
  compiled: { model: 'lenet5-w2', constraints: 361_781, peakMiB: 2_329 },
  /** the smallest model that did not get through the tab, and where it stopped */
  failed: { model: 'lenet5 (LeNet-5)', constraints: 1_144_041, ptauPower: 21, step: 'compile', peakMiB: 3_239 },
} as const;

/** circom runs in the tab as 32-bit WebAssembly: its memory cannot grow past 4 GiB. */
export const WASM32_MEMORY_MIB = 4096;
/** Compiling takes about this much tab memory per constraint, above the page (the largest compile measured). */
export const TAB_COMPILE_MIB_PER_CONSTRAINT = (TAB_MEASUREMENT.compiled.peakMiB - TAB_MEASUREMENT.baseMiB) / TAB_MEASUREMENT.compiled.constraints;
/** Largest estimate proved in the tab: the largest model measured to prove there. */
export const TAB_PROVE_LIMIT = TAB_MEASUREMENT.proved.constraints;
/** Largest estimate whose compile fits circom's 4 GiB of WebAssembly memory, extrapolated linearly from the largest compile measured. */
export const TAB_COMPILE_LIMIT = Math.max(TAB_PROVE_LIMIT, Math.min(TAB_MEASUREMENT.failed.constraints - 1, Math.floor(WASM32_MEMORY_MIB / TAB_COMPILE_MIB_PER_CONSTRAINT)));
/** The page itself before any step (renderer RSS with the studio open and a model transpiled). */
export const TAB_BASE_MIB = TAB_MEASUREMENT.baseMiB;
/** Peak tab memory of the whole flow grows about this much per constraint (through the largest model proved). */
export const TAB_MIB_PER_CONSTRAINT = (TAB_MEASUREMENT.proved.peakMiB - TAB_BASE_MIB) / TAB_MEASUREMENT.proved.constraints;

export type TabVerdict = 'tab' | 'native' | 'cli';

export interface TabFit {
  verdict: TabVerdict;
  constraints: number;
  ptauPower: number;
  /** predicted peak tab memory for the whole flow, MiB (a linear fit of the measurements) */
  predictedPeakMiB: number;
  /** one paragraph in plain words: what fits, with the numbers */
  message: string;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const gib = (mib: number) => (mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${int(mib)} MiB`);

/** Predicted peak tab memory (MiB) of the studio's whole flow for a circuit of `constraints`. */
export function predictTabPeakMiB(constraints: number): number {
  return TAB_BASE_MIB + TAB_MIB_PER_CONSTRAINT * Math.max(0, constraints);
}

/** The fit of a circuit of `constraints` (the transpiler's estimate) needing a ptau of 2^`ptauPower`. */
export function tabFit(constraints: number, ptauPower: number): TabFit {
  const predictedPeakMiB = predictTabPeakMiB(constraints);
  const verdict: TabVerdict = constraints <= TAB_PROVE_LIMIT ? 'tab' : constraints <= TAB_COMPILE_LIMIT ? 'native' : 'cli';
  const m = TAB_MEASUREMENT;
  const size = `about ${int(constraints)} constraints (Groth16 needs a ptau of 2^${ptauPower}); the whole flow would need about ${gib(predictedPeakMiB)} of memory in this tab`;
  const measured = `The largest model proved in a tab on the test machine had ${int(m.proved.constraints)} constraints (2^${m.proved.ptauPower})`;
  const message = verdict === 'tab'
    ? `This circuit fits in the tab: ${size}.`
    : verdict === 'native'
      ? `This model is likely too big to prove in this tab: ${size}. ${measured}. You can still compile it here and compute its witness, then make the keys and the proof with a native prover (rapidsnark) from the files below.`
      : `This model is too big for a browser tab, even to compile: ${size}, and compiling alone about ${gib(TAB_COMPILE_MIB_PER_CONSTRAINT * constraints)} inside circom's WebAssembly, which can hold ${gib(WASM32_MEMORY_MIB)}. ${measured}. Use the command-line tool (zkml), which runs the same steps in Node, and a native prover (rapidsnark): see the steps below.`;
  return { verdict, constraints, ptauPower, predictedPeakMiB, message };
}
