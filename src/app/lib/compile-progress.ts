/**
 * How far a circom compile has got, for the circuit step's progress bar. circom (WASM, in a worker)
 * counts nothing while it works, but it says when each of its three stages ends:
 *
 *   1. parsing and generating the constraints   ends with "template instances: N"
 *   2. simplifying them and writing the r1cs    ends with "Written successfully: …r1cs"
 *   3. writing the witness calculator (wasm)    ends with "Written successfully: …wasm"
 *
 * Within a stage the fraction is an ESTIMATE from the elapsed time against the time that stage is
 * expected to take: calibrated on this machine from the circuit's estimated constraint count (the
 * MNIST CNN, 115k constraints: 11.5 s idle, the stages' shares 50 / 34 / 16 %), and rescaled by how
 * long the finished stages really took (a loaded machine makes every stage slower alike). A stage is
 * never shown past 95 % of its share before circom says that it ended, so the bar does not sit at
 * 100 % while work remains (past 80 % of its expected time it only creeps towards that). The UI labels the figure as estimated.
 *
 *   const p = new CompileProgress(t.estimate.total, performance.now());
 *   p.line(line, performance.now());            // every compiler line
 *   const { fraction, leftMs } = p.at(performance.now());
 */

/** The stages' shares of a compile (MNIST CNN, circom 2.2.3 WASM, -O2, r1cs + wasm). */
export const COMPILE_STAGE_SHARES = [0.5, 0.34, 0.16] as const;
/** Seconds per constraint for a whole compile (11.5 s for 115k constraints, idle) and a fixed start-up. */
export const COMPILE_SECONDS_PER_CONSTRAINT = 11.5 / 115_000;
/** a fresh worker fetching and compiling circom.wasm (9 MB), before circom starts */
export const COMPILE_FIXED_SECONDS = 1.5;

/** The line that ends stage `i` (0-based), or -1. */
export function stageEnded(line: string): number {
  if (/^template instances:/i.test(line)) return 0;
  if (/^Written successfully: .*\.r1cs\s*$/.test(line)) return 1;
  if (/^Written successfully: .*\.wasm\s*$/.test(line)) return 2;
  return -1;
}

export interface CompileFraction {
  /** 0…1 (estimated within a stage; exact at the stages' ends) */
  fraction: number;
  /** estimated ms left (undefined before there is anything to go on) */
  leftMs?: number;
  /** stages finished so far (0…3) */
  stagesDone: number;
}

export class CompileProgress {
  /** when each finished stage ended (ms, the caller's clock) */
  private readonly ends: number[] = [];
  private readonly expectedMs: number;

  constructor(estimatedConstraints: number, private readonly t0: number) {
    this.expectedMs = 1000 * (COMPILE_FIXED_SECONDS + Math.max(0, estimatedConstraints) * COMPILE_SECONDS_PER_CONSTRAINT);
  }

  /** A compiler line: advances the stage when it marks a stage's end. */
  line(text: string, now: number): void {
    const i = stageEnded(text.trim());
    while (i >= 0 && this.ends.length <= i) this.ends.push(now);
  }

  at(now: number): CompileFraction {
    const done = this.ends.length;
    const shares = COMPILE_STAGE_SHARES;
    if (done >= shares.length) return { fraction: 1, leftMs: 0, stagesDone: done };
    const doneShare = shares.slice(0, done).reduce((a, b) => a + b, 0);
    const stageStart = done ? this.ends[done - 1]! : this.t0;
    // how much slower (or faster) than calibrated this machine is today, from the finished stages
    const speed = done ? Math.max(0.2, (stageStart - this.t0) / (doneShare * this.expectedMs)) : 1;
    const stageMs = shares[done]! * this.expectedMs * speed;
    // on time: linear; past 80 % of the stage's expected time it creeps towards 95 % (an overdue stage
    // still moves, and never reaches its end before circom says so)
    const x = (now - stageStart) / stageMs;
    const within = x <= 0.8 ? x : 0.8 + 0.15 * (1 - Math.exp(-(x - 0.8) / 0.5));
    const fraction = doneShare + within * shares[done]!;
    // the time left: the rest of this stage at the expected pace, or longer if it is overdue
    const restOfStage = Math.max(stageMs - (now - stageStart), 0.05 * stageMs);
    const later = shares.slice(done + 1).reduce((a, b) => a + b, 0) * this.expectedMs * speed;
    return { fraction, leftMs: restOfStage + later, stagesDone: done };
  }
}
