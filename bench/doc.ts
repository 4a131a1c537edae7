/**
 * Shared plumbing of the bench scripts: the machine they ran on, and the generated sections of
 * docs/BENCHMARKS.md, each replaced in place between its `<!-- bench:<name>:start -->` and
 * `<!-- bench:<name>:end -->` markers (text outside the markers is kept).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const DOC = path.join(ROOT, 'docs/BENCHMARKS.md');

/** The start and end markers of the section `name` of docs/BENCHMARKS.md. */
export function markers(name: string): { start: string; end: string } {
  return { start: `<!-- bench:${name}:start -->`, end: `<!-- bench:${name}:end -->` };
}

/**
 * Writes `lines` (the section's markdown, without markers) between the markers of section `name`
 * in docs/BENCHMARKS.md, or appends the section when the file has no such markers. `preamble` heads
 * the file when it does not exist yet. Throws on unbalanced markers. Returns the section as written
 * (markers included).
 */
export function writeBenchSection(name: string, lines: string[], preamble: string[] = ['# Benchmarks', '']): string {
  const { start, end } = markers(name);
  const sec = [start, ...lines, end].join('\n');
  if (!fs.existsSync(DOC)) {
    fs.mkdirSync(path.dirname(DOC), { recursive: true });
    fs.writeFileSync(DOC, [...preamble, sec, ''].join('\n'));
    return sec;
  }
  const old = fs.readFileSync(DOC, 'utf8');
  const a = old.indexOf(start), b = old.indexOf(end);
  if (a >= 0 && b > a) fs.writeFileSync(DOC, old.slice(0, a) + sec + old.slice(b + end.length));
  else if (a >= 0 || b >= 0) throw new Error(`${DOC}: unbalanced ${start} / ${end} markers; fix the file by hand`);
  else fs.writeFileSync(DOC, `${old.replace(/\n*$/, '\n\n')}${sec}\n`);
  return sec;
}

/** The machine, as recorded in the bench JSON files. */
export function host(): { cpu: string; cores: number; totalMemoryGiB: number; os: string; node: string } {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version,
  };
}

/** The machine in one line: "<cpu>, <n> cores, <x.y> GiB, Node <version>". */
export function hostLine(): string {
  const h = host();
  return `${h.cpu}, ${h.cores} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${h.node}`;
}
