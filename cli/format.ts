/** Plain-text output helpers: aligned tables, numbers, elapsed time, progress lines. */

export type Sink = (line: string) => void;
export const silent: Sink = () => {};

/** Where a command writes: `print` its result (stdout), `progress` progress and warnings (stderr). */
export interface Io {
  print?: Sink;
  progress?: Sink;
}

export function table(headers: string[], rows: (string | number)[][], right: boolean[] = []): string[] {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)];
}

export const int = (n: number) => n.toLocaleString('en');
export const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
export const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(2)}s` : ms < 600_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`);
export const shape = (s: readonly number[]) => (s.length ? s.join('×') : 'scalar');

/**
 * Progress lines on `err`, each stamped with the time since the command started:
 * `setup [12.3s] groth16 phase 2: contribution…`. `lap()` is the time since the previous lap.
 */
export function stopwatch(name: string, err: Sink) {
  const t0 = performance.now();
  let tl = t0;
  return {
    log(msg: string) { err(`${name} [${seconds(performance.now() - t0)}] ${msg}`); },
    lap(): number { const now = performance.now(); const d = now - tl; tl = now; return d; },
    total: () => performance.now() - t0,
  };
}
