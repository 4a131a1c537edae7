/**
 * `npm run bench`: compile a representative instance of every template of the circuit library
 * (src/circuits, via REGISTRY) at --O2 and record, for each one, the measured constraint count
 * next to the signature's formula (they must agree, or the bench fails), a per-unit figure (per
 * element, window, multiply-accumulate, …), the circomlib-ml figure where the anchors give one,
 * the project's target, and the wall-clock compile time. Writes bench/results.json and the
 * "Circuit library" section of docs/BENCHMARKS.md (between its markers; the rest of the file is
 * left alone when it exists).
 *
 *   npm run bench               compile times are measured: an instance already in the test cache
 *                               is compiled again from a copy (then deleted), so every time is real
 *   npm run bench -- --cached   reuse the test cache as is; cached instances get no compile time
 *
 * Wiring templates (0 constraints inside a circuit) are measured EMBEDDED in a probe circuit, as
 * their tests do: compiled alone as `main`, circom keeps linear equations between outputs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { compileTemplate, compileSource, OPT_LEVEL, ROOT, type CompiledCircuit } from '../src/circuits/test/harness.js';
import { REGISTRY, TEMPLATE_NAMES, templateByName, type TemplateName } from '../src/circuits/registry.js';
import { templateArgs, type Params, type TemplateSignature } from '../src/circuits/signature.js';
import { leakyReluParams } from '../src/circuits/leaky-relu.js';
import { relu6Params } from '../src/circuits/clip.js';
import { DOC, host, writeBenchSection } from './doc.js';

const require = createRequire(import.meta.url);
const CACHED_ONLY = process.argv.includes('--cached');
const RESULTS = path.join(ROOT, 'bench/results.json');

// ---------------------------------------------------------------- cases

type Unit = 'element' | 'window' | 'MAC' | 'channel' | 'ArgMax' | 'max' | 'value';

interface Case {
  template: TemplateName;
  params: Params;
  /** short human description of the instance (the JSON keeps the exact params). */
  desc: string;
  unit: Unit;
  /** how many units the instance holds, counted independently of the signature formula. */
  units: number;
  /** 'alone' (default): compiled as main; 'embedded': in a probe circuit (wiring); 'formula': too big to compile here. */
  measure?: 'alone' | 'embedded' | 'formula';
  /** circomlib-ml's figure for the same unit (ANCHORS.md), and how it was obtained. */
  theirs?: { perUnit: number; note: string };
  /** our target for the per-unit figure (≤). */
  target?: { max: number; label: string };
  /** key of a headline figure. */
  headline?: string;
}

const ANCHOR_O1 = 'circomlib-ml at circom --O1 (ANCHORS.md)';
const ANCHOR_MAC = 'circomlib-ml at --O2 (ANCHORS.md)';
const RELU_THEIRS = { perUnit: 521, note: `${ANCHOR_O1}: full 254-bit sign via Num2Bits(254) + CompConstant` };
const MAC_THEIRS = { perUnit: 1, note: `${ANCHOR_MAC}: private weights, 1 per multiply-accumulate` };
const MAC_TARGET = { max: 1, label: '1/MAC' };

/** Real (non-padded) taps along one axis with TF padding, counted by brute force. */
function realTaps(n: number, k: number, stride: number, same: boolean): number {
  const out = same ? Math.ceil(n / stride) : Math.floor((n - k) / stride) + 1;
  const before = same ? Math.floor(Math.max((out - 1) * stride + k - n, 0) / 2) : 0;
  let taps = 0;
  for (let o = 0; o < out; o++) for (let t = 0; t < k; t++) { const i = o * stride + t - before; if (i >= 0 && i < n) taps++; }
  return taps;
}
const poolOut = (n: number, k: number, s: number, same: boolean) => (same ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1);

function pool(template: 'MaxPooling2D' | 'AveragePooling2D' | 'SumPooling2D', H: number, W: number, C: number, PH: number, PW: number, S: number, B: number | null, extra: Partial<Case> = {}): Case {
  const params: Params = { H, W, C, PH, PW, STRIDE_H: S, STRIDE_W: S, PADDING: 0, ...(B === null ? {} : { B }) };
  return {
    template, params, unit: 'window', units: poolOut(H, PH, S, false) * poolOut(W, PW, S, false) * C,
    desc: `${H}×${W}×${C}, pool ${PH}×${PW}, stride ${S}, valid${B === null ? '' : `, B=${B}`}`, ...extra,
  };
}

function conv2d(H: number, W: number, C_IN: number, C_OUT: number, K: number, S: number, same: boolean): Case {
  return {
    template: 'Conv2D',
    params: { H, W, C_IN, C_OUT, KH: K, KW: K, STRIDE_H: S, STRIDE_W: S, PADDING: same ? 1 : 0, USE_BIAS: 1 },
    desc: `${H}×${W}×${C_IN} → ${C_OUT}, kernel ${K}×${K}, stride ${S}, ${same ? 'same' : 'valid'}, bias`,
    unit: 'MAC', units: realTaps(H, K, S, same) * realTaps(W, K, S, same) * C_IN * C_OUT, theirs: MAC_THEIRS, target: MAC_TARGET,
  };
}

const leaky32 = leakyReluParams(32, 0.3);
const leaky16 = leakyReluParams(16, 0.3, 8);

const CASES: Case[] = [
  // element-wise
  { template: 'ReLU', params: { B: 32 }, desc: 'B=32', unit: 'element', units: 1, theirs: RELU_THEIRS, target: { max: 40, label: '≤ 40 at 32-bit' }, headline: 'ReLU, 32-bit' },
  { template: 'ReLU', params: { B: 16 }, desc: 'B=16', unit: 'element', units: 1, theirs: RELU_THEIRS },
  { template: 'RescaleReLU', params: { B: 32, S: 8 }, desc: 'B=32, S=8 (fused rescale + ReLU)', unit: 'element', units: 1 },
  { template: 'RescaleReLU', params: { B: 16, S: 4 }, desc: 'B=16, S=4', unit: 'element', units: 1 },
  { template: 'LeakyReLU', params: leaky32, desc: `B=32, α=0.3 (${leaky32.ALPHA_NUM}/2^${leaky32.ALPHA_SHIFT})`, unit: 'element', units: 1, theirs: { perUnit: 521, note: ANCHOR_O1 } },
  { template: 'LeakyReLU', params: leaky16, desc: `B=16, α=0.3 (${leaky16.ALPHA_NUM}/2^${leaky16.ALPHA_SHIFT})`, unit: 'element', units: 1, theirs: { perUnit: 521, note: ANCHOR_O1 } },
  { template: 'Clip', params: relu6Params(32, 8), desc: 'ReLU6: B=32, [0, 6·2^8]', unit: 'element', units: 1 },
  { template: 'Clip', params: relu6Params(16, 4), desc: 'ReLU6: B=16, [0, 6·2^4]', unit: 'element', units: 1 },
  { template: 'Clip', params: { B: 32, LO: -(1 << 20), HI: 1 << 20 }, desc: 'B=32, [−2^20, 2^20]', unit: 'element', units: 1 },
  { template: 'HardSigmoid', params: { B: 32, S: 8 }, desc: 'B=32, S=8', unit: 'element', units: 1 },
  { template: 'HardSigmoid', params: { B: 16, S: 8 }, desc: 'B=16, S=8', unit: 'element', units: 1 },
  { template: 'Poly', params: { N: 3 * 256 }, desc: 'x² + N·x, N=3·2^8 (caller bounds x)', unit: 'element', units: 1, theirs: { perUnit: 1, note: `${ANCHOR_O1}: Poly x²+n·x` } },
  { template: 'RangedPoly', params: { B: 32, N: 3 * 256 }, desc: 'B=32, N=3·2^8 (range-checked x)', unit: 'element', units: 1 },
  { template: 'Rescale', params: { B: 32, S: 8 }, desc: 'B=32, S=8', unit: 'element', units: 1 },
  { template: 'Rescale', params: { B: 16, S: 4 }, desc: 'B=16, S=4', unit: 'element', units: 1 },
  { template: 'RangeCheck', params: { B: 32 }, desc: 'B=32', unit: 'element', units: 1 },
  { template: 'RangeCheck', params: { B: 16 }, desc: 'B=16', unit: 'element', units: 1 },
  { template: 'DivFloor', params: { B: 32, D: 4 }, desc: 'B=32, D=4 (power of two)', unit: 'element', units: 1 },
  { template: 'DivFloor', params: { B: 32, D: 9 }, desc: 'B=32, D=9', unit: 'element', units: 1 },
  { template: 'MaxN', params: { N: 4, B: 32 }, desc: 'N=4, B=32', unit: 'max', units: 1 },
  { template: 'MaxN', params: { N: 10, B: 32 }, desc: 'N=10, B=32', unit: 'max', units: 1 },
  // windows
  pool('MaxPooling2D', 4, 4, 2, 2, 2, 2, 32, {
    theirs: { perUnit: 1036, note: `${ANCHOR_O1}: 3 GreaterThan(252) comparisons + switchers` },
    target: { max: 120, label: '≤ 120' }, headline: 'MaxPooling2D 2×2, 32-bit',
  }),
  pool('MaxPooling2D', 4, 4, 2, 2, 2, 2, 16, { theirs: { perUnit: 1036, note: ANCHOR_O1 } }),
  pool('AveragePooling2D', 4, 4, 2, 2, 2, 2, 32),
  pool('AveragePooling2D', 6, 6, 2, 3, 3, 3, 32),
  pool('AveragePooling2D', 4, 4, 2, 2, 2, 2, 16),
  { template: 'GlobalMaxPooling2D', params: { H: 4, W: 4, C: 2, B: 32 }, desc: '4×4×2, B=32 (max of 16 per channel)', unit: 'channel', units: 2 },
  { template: 'GlobalAveragePooling2D', params: { H: 4, W: 4, C: 2, B: 32 }, desc: '4×4×2, B=32 (÷16)', unit: 'channel', units: 2 },
  { template: 'GlobalAveragePooling2D', params: { H: 5, W: 5, C: 2, B: 32 }, desc: '5×5×2, B=32 (÷25)', unit: 'channel', units: 2 },
  // multiply-accumulate
  { template: 'Dense', params: { N_IN: 16, N_OUT: 8 }, desc: '16 → 8', unit: 'MAC', units: 16 * 8, theirs: MAC_THEIRS, target: MAC_TARGET, headline: 'Dense, per MAC' },
  conv2d(6, 6, 2, 3, 3, 1, false),
  conv2d(5, 5, 2, 3, 3, 2, true),
  {
    template: 'Conv1D', params: { L: 16, C_IN: 2, C_OUT: 4, K: 3, STRIDE: 1, PADDING: 0, USE_BIAS: 1 },
    desc: '16×2 → 4, kernel 3, stride 1, valid, bias', unit: 'MAC', units: realTaps(16, 3, 1, false) * 2 * 4, theirs: MAC_THEIRS, target: MAC_TARGET,
  },
  {
    template: 'DepthwiseConv2D', params: { H: 6, W: 6, C_IN: 3, DEPTH_MULT: 2, KH: 3, KW: 3, STRIDE_H: 1, STRIDE_W: 1, PADDING: 0, USE_BIAS: 1 },
    desc: '6×6×3, depth ×2, kernel 3×3, stride 1, valid, bias', unit: 'MAC', units: 4 * 4 * 9 * 3 * 2, theirs: MAC_THEIRS, target: MAC_TARGET,
  },
  {
    template: 'PointwiseConv2D', params: { H: 4, W: 4, C_IN: 4, C_OUT: 8, USE_BIAS: 1 },
    desc: '4×4×4 → 8, bias', unit: 'MAC', units: 4 * 4 * 4 * 8, theirs: MAC_THEIRS, target: MAC_TARGET,
  },
  {
    template: 'SeparableConv2D', params: { H: 6, W: 6, C_IN: 3, DEPTH_MULT: 2, C_OUT: 4, KH: 3, KW: 3, STRIDE_H: 1, STRIDE_W: 1, PADDING: 0, USE_BIAS: 1 },
    desc: '6×6×3, depth ×2 → 4, kernel 3×3, valid, bias', unit: 'MAC', units: 4 * 4 * 9 * 3 * 2 + 4 * 4 * 6 * 4, theirs: MAC_THEIRS, target: MAC_TARGET,
  },
  {
    template: 'BatchNorm', params: { N: 64, C: 4 }, desc: '64 × 4 channels (folded affine)', unit: 'element', units: 64 * 4,
    theirs: { perUnit: 1, note: ANCHOR_O1 },
  },
  // decision
  {
    template: 'ArgMax', params: { N: 10, B: 32 }, desc: 'N=10, B=32', unit: 'ArgMax', units: 1,
    theirs: { perUnit: 2620, note: `${ANCHOR_O1}: 9 GreaterThan(252) comparisons + switchers` },
    target: { max: 400, label: '≤ 400' }, headline: 'ArgMax(10), 32-bit',
  },
  { template: 'ArgMax', params: { N: 10, B: 16 }, desc: 'N=10, B=16', unit: 'ArgMax', units: 1, theirs: { perUnit: 2620, note: ANCHOR_O1 } },
  // commitments
  { template: 'PoseidonCommit', params: { N: 16 }, desc: 'N=16', unit: 'value', units: 16 },
  { template: 'PoseidonCommit', params: { N: 100 }, desc: 'N=100', unit: 'value', units: 100 },
  { template: 'PoseidonCommit', params: { N: 1000 }, desc: 'N=1000 (formula)', unit: 'value', units: 1000, measure: 'formula' },
  { template: 'PackedPoseidonCommit', params: { N: 100, B: 8 }, desc: 'N=100, 8-bit (31 per limb)', unit: 'value', units: 100 },
  { template: 'PackedPoseidonCommit', params: { N: 1000, B: 8 }, desc: 'N=1000, 8-bit (formula)', unit: 'value', units: 1000, measure: 'formula' },
  // wiring (0 inside a circuit)
  { ...pool('SumPooling2D', 4, 4, 2, 2, 2, 2, null), measure: 'embedded' },
  { template: 'Flatten', params: { H: 4, W: 4, C: 2 }, desc: '4×4×2 → 32', unit: 'element', units: 32, measure: 'embedded' },
  { template: 'Reshape', params: { D0: 2, D1: 4, D2: 4 }, desc: '32 → 2×4×4', unit: 'element', units: 32, measure: 'embedded' },
  { template: 'Add', params: { N: 32 }, desc: 'N=32', unit: 'element', units: 32, measure: 'embedded' },
  { template: 'Concatenate', params: { H: 4, W: 4, C1: 2, C2: 3 }, desc: '4×4×(2 + 3)', unit: 'element', units: 4 * 4 * 5, measure: 'embedded' },
  { template: 'UpSampling2D', params: { H: 3, W: 3, C: 2, SH: 2, SW: 2 }, desc: '3×3×2, ×2×2', unit: 'element', units: 6 * 6 * 2, measure: 'embedded' },
  {
    template: 'ZeroPadding2D', params: { H: 4, W: 4, C: 2, TOP: 1, BOTTOM: 1, LEFT: 1, RIGHT: 1 }, desc: '4×4×2, pad 1 all round',
    unit: 'element', units: 6 * 6 * 2, measure: 'embedded',
  },
];

// ---------------------------------------------------------------- measuring

interface Row {
  template: string;
  file: string;
  desc: string;
  params: Record<string, string | number>;
  args: string[];
  measure: 'alone' | 'embedded' | 'formula';
  /** the signature's formula. */
  constraints: number;
  /** the compiled R1CS (embedded: minus the probe's own constraints); null for formula-only rows. */
  measured: number | null;
  /** for embedded rows: the count when compiled alone as main. */
  measuredAlone?: number;
  unit: Unit;
  units: number;
  perUnit: number;
  circomlibMl: { perUnit: number; note: string } | null;
  ratio: number | null;
  target: { max: number; label: string; met: boolean } | null;
  headline?: string;
  /** wall-clock seconds of a real compile (main + probe for embedded rows); null if only the cache was read. */
  compileSeconds: number | null;
  cached: boolean;
}

const jsonParams = (p: Params) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));
const mainSource = (sig: TemplateSignature<Params>, p: Params) =>
  `pragma circom 2.2.3;\ninclude "${sig.file}";\ncomponent main = ${sig.template}(${templateArgs(sig, p).join(', ')});\n`;

/** The probe of the wiring tests: every output o feeds (o + k)·(o + k) with a fresh private k, one constraint each. */
function probeSource(sig: TemplateSignature<Params>, p: Params): { src: string; extra: number } {
  const dims = (s: number[]) => s.map((d) => `[${d}]`).join('');
  const ins = Object.entries(sig.inputs(p));
  const uses: string[] = [];
  for (const [name, shape] of Object.entries(sig.outputs(p))) {
    const total = shape.reduce((a, b) => a * b, 1);
    for (let f = 0; f < total; f++) {
      let rest = f;
      const idx = shape.map((_, d) => {
        const stride = shape.slice(d + 1).reduce((a, b) => a * b, 1);
        const i = Math.floor(rest / stride); rest %= stride; return `[${i}]`;
      }).join('');
      const n = uses.length;
      uses.push(`    sq[${n}] <== (l.${name}${idx} + k[${n}]) * (l.${name}${idx} + k[${n}]);`);
    }
  }
  const src = [
    'pragma circom 2.2.3;', `include "${sig.file}";`, 'template Probe() {',
    ...ins.map(([n, s]) => `    signal input ${n}${dims(s)};`),
    `    signal input k[${uses.length}];`, `    signal output sq[${uses.length}];`,
    `    component l = ${sig.template}(${templateArgs(sig, p).join(', ')});`,
    ...ins.map(([n]) => `    l.${n} <== ${n};`), ...uses, '}', 'component main = Probe();', '',
  ].join('\n');
  return { src, extra: uses.length };
}

let nonce = 0;
/**
 * Compile (through the shared cache) and time it. A cache hit is timed again on a copy of the
 * source with a unique comment, compiled into its own cache folder and deleted afterwards, so the
 * tests' cache entries are never touched.
 */
async function timed(compile: () => Promise<CompiledCircuit>, source: string, name: string): Promise<{ c: CompiledCircuit; seconds: number | null; cached: boolean }> {
  const t0 = Date.now();
  const c = await compile();
  const seconds = (Date.now() - t0) / 1000;
  const cached = fs.statSync(path.join(c.dir, 'ok')).mtimeMs < t0 - 5;
  if (!cached) return { c, seconds, cached };
  if (CACHED_ONLY) return { c, seconds: null, cached };
  const t1 = Date.now();
  const copy = await compileSource(`${source}// bench timing ${process.pid}-${Date.now()}-${nonce++}\n`, `bench-${name}`);
  const again = (Date.now() - t1) / 1000;
  fs.rmSync(copy.dir, { recursive: true, force: true });
  if (copy.nConstraints !== c.nConstraints) throw new Error(`${name}: the timing copy has ${copy.nConstraints} constraints, the cached circuit ${c.nConstraints}`);
  return { c, seconds: again, cached };
}

async function run(k: Case): Promise<Row> {
  const sig = templateByName(k.template as string);
  sig.validate(k.params);
  const measure = k.measure ?? 'alone';
  const constraints = sig.constraints(k.params);
  let measured: number | null = null;
  let measuredAlone: number | undefined;
  let compileSeconds: number | null = null;
  let cached = false;
  const args = templateArgs(sig, k.params);
  if (measure !== 'formula') {
    const src = mainSource(sig, k.params);
    const alone = await timed(() => compileTemplate(sig.file, sig.template, args), src, sig.template);
    compileSeconds = alone.seconds; cached = alone.cached;
    if (measure === 'alone') {
      measured = alone.c.nConstraints;
    } else {
      measuredAlone = alone.c.nConstraints;
      const probe = probeSource(sig, k.params);
      const emb = await timed(() => compileSource(probe.src, `${sig.template}Probe`), probe.src, `${sig.template}Probe`);
      measured = emb.c.nConstraints - probe.extra;
      compileSeconds = compileSeconds === null || emb.seconds === null ? null : compileSeconds + emb.seconds;
      cached &&= emb.cached;
    }
  }
  const perUnit = constraints / k.units;
  const target = k.target ? { ...k.target, met: perUnit <= k.target.max } : null;
  return {
    template: sig.template, file: sig.file, desc: k.desc, params: jsonParams(k.params), args: args.map(String), measure,
    constraints, measured, ...(measuredAlone === undefined ? {} : { measuredAlone }),
    unit: k.unit, units: k.units, perUnit,
    circomlibMl: k.theirs ?? null, ratio: k.theirs ? perUnit / k.theirs.perUnit : null, target,
    ...(k.headline ? { headline: k.headline } : {}), compileSeconds, cached,
  };
}

// ---------------------------------------------------------------- machine

function machine() {
  let circom = 'unknown';
  try {
    const out = execFileSync(process.execPath, [require.resolve('circom2/cli.js'), '--version'], { encoding: 'utf8' });
    circom = out.match(/circom compiler\s+(\S+)/)?.[1] ?? circom;
  } catch { /* the version line is informative only */ }
  const { cpu, cores, ...h } = host();
  return {
    cpu, cores, totalMemoryBytes: os.totalmem(), ...h,
    circom2: (require('circom2/package.json') as { version: string }).version,
    circom,
    optLevel: OPT_LEVEL,
  };
}

// ---------------------------------------------------------------- markdown

const int = (n: number) => n.toLocaleString('en-US');
const num = (n: number) => (Number.isInteger(n) ? int(n) : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));
const unitLabel = (r: Row) => `/${r.unit === 'ArgMax' ? 'argmax' : r.unit}`;

function ratioCell(r: Row): string {
  if (r.ratio === null) return '—';
  if (r.ratio === 1) return '1';
  const x = r.ratio < 0.1 ? r.ratio.toFixed(3) : r.ratio.toFixed(2);
  return r.ratio < 1 ? `${x} (${(1 / r.ratio).toFixed(1)}× fewer)` : `${x} (${r.ratio.toFixed(1)}× more)`;
}

/** The lines of the section, without its markers. */
function section(rows: Row[], m: ReturnType<typeof machine>, date: string, totalSeconds: number): string[] {
  const head = (key: string) => rows.find((r) => r.headline === key)!;
  const headlines = ['ReLU, 32-bit', 'MaxPooling2D 2×2, 32-bit', 'ArgMax(10), 32-bit', 'Dense, per MAC'].map((key) => {
    const r = head(key);
    const theirs = r.circomlibMl ? `circomlib-ml ${num(r.circomlibMl.perUnit)}, ratio ${ratioCell(r)}` : '';
    return `- **${key}**: ${num(r.perUnit)} constraint${r.perUnit === 1 ? '' : 's'}${unitLabel(r)} (${theirs}; target ${r.target!.label}: ${r.target!.met ? 'met' : '**not met**'})`;
  });
  const macRows = rows.filter((r) => r.unit === 'MAC');
  const macAll1 = macRows.every((r) => r.perUnit === 1);
  const poseidon1000 = rows.find((r) => r.template === 'PoseidonCommit' && r.units === 1000)!;
  const table = rows.map((r) => {
    const measured = r.measured === null ? `${int(r.constraints)} (formula)` : int(r.constraints) + (r.measure === 'embedded' ? ' (embedded)' : '');
    const theirs = r.circomlibMl ? num(r.circomlibMl.perUnit) + unitLabel(r) : '—';
    const target = r.target ? r.target.label : '—';
    const met = r.target ? (r.target.met ? 'yes' : '**no**') : '—';
    return `| ${r.template} | ${r.desc} | ${measured} | ${num(r.perUnit)}${unitLabel(r)} | ${theirs} | ${ratioCell(r)} | ${target} | ${met} |`;
  });
  const times = rows.filter((r) => r.measure !== 'formula').map((r) =>
    `| ${r.template} | ${r.desc} | ${r.compileSeconds === null ? 'cached' : r.compileSeconds.toFixed(2)} |`);
  return [
    '## Circuit library',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${date}: ${m.cpu}, ${m.cores} cores, ${m.totalMemoryGiB} GiB, ${m.os}, Node ${m.node}, ` +
      `circom ${m.circom} (npm circom2 ${m.circom2}, WASM) at ${m.optLevel}. Machine-readable: \`bench/results.json\`.`,
    '',
    'Every instance below was compiled and its R1CS constraint count checked equal to the template signature\'s formula ' +
      '(the bench fails otherwise); rows marked *formula* are too large to compile in a quick bench and use the same, test-pinned formula. ' +
      'Wiring templates are measured *embedded* in a probe circuit, where they cost 0: compiled alone as `main`, circom can keep ' +
      'linear equations between repeated or constant outputs (`measuredAlone` in results.json). All signed values are B-bit; every comparison uses B+1 bits, never a 254-bit sign.',
    '',
    ...headlines,
    `- **Per MAC** (Dense, Conv1D, Conv2D, DepthwiseConv2D, PointwiseConv2D, SeparableConv2D, private weights): ${macAll1 ? 'exactly 1' : '**not 1 everywhere**'}, as circomlib-ml at --O2.`,
    '',
    '| template | parameters | constraints | per unit | circomlib-ml | ratio (ours/theirs) | target | met? |',
    '|---|---|---:|---:|---:|---|---|---|',
    ...table,
    '',
    'circomlib-ml figures are the anchors measured on its public code (circom\'s default --O1; Dense/Conv at --O2); its ReLU, ' +
      'LeakyReLU, MaxPooling2D and ArgMax take a full 254-bit sign, whatever the value width, so its figure is the same at 16 and 32 bits. ' +
      'Several of its layers are also unsound (remainder bounds are `assert`s, not constraints), so the comparison flatters it. ' +
      `For the weight commitment, ZKaggleV2 hashes 1000 weights with MiMC in about 364,000 constraints; PoseidonCommit(1000) costs ${int(poseidon1000.constraints)}.`,
    '',
    `### Compile time (wall clock, one process, this machine; total bench ${totalSeconds.toFixed(0)} s)`,
    '',
    'Timings are informative only (nothing asserts on them) and include circom2\'s WASM start-up; embedded rows add the probe\'s compile.',
    '',
    '| template | parameters | compile (s) |',
    '|---|---|---:|',
    ...times,
  ];
}

function writeDoc(lines: string[], m: ReturnType<typeof machine>, date: string): void {
  writeBenchSection('circuits', lines, [
    '# Benchmarks',
    '',
    'Generated, not hand-written: each section is produced by a script and replaced in place between its',
    '`<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->` markers; text outside the markers is kept.',
    '',
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.totalMemoryGiB} GiB RAM, ${m.os}`,
    `- Node ${m.node}; circom ${m.circom} (npm circom2 ${m.circom2}, WASM), ${m.optLevel}`,
    `- Date: ${date} (each section also states when and where it was measured)`,
    '',
  ]);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const t0 = Date.now();
  const covered = new Set(CASES.map((c) => c.template));
  const missing = TEMPLATE_NAMES.filter((t) => !covered.has(t));
  if (missing.length) {
    throw new Error(`bench/run.ts has no instance of ${missing.join(', ')}: add a case for every template in REGISTRY`);
  }
  const m = machine();
  const date = new Date().toISOString();
  console.log(`bench: ${CASES.length} instances of ${Object.keys(REGISTRY).length} templates on ${m.cpu} (${m.cores} cores), circom ${m.circom} ${m.optLevel}${CACHED_ONLY ? ', cached' : ''}`);
  const rows: Row[] = [];
  const mismatches: string[] = [];
  for (const k of CASES) {
    const r = await run(k);
    rows.push(r);
    const bad = r.measured !== null && r.measured !== r.constraints;
    if (bad) mismatches.push(`${r.template}(${r.args.join(', ')}): measured ${r.measured}, formula ${r.constraints}`);
    console.log(`  ${bad ? 'MISMATCH' : 'ok      '} ${r.template.padEnd(22)} ${r.desc.padEnd(48)} ${String(r.measured ?? '(formula)').padStart(9)} = ${String(r.constraints).padStart(7)}  ${num(r.perUnit).padStart(7)}${unitLabel(r)}  ${r.compileSeconds === null ? (r.measure === 'formula' ? '' : 'cached') : `${r.compileSeconds.toFixed(2)} s`}`);
  }
  if (mismatches.length) {
    console.error(`\nbench FAILED: measured constraints differ from the signature formula:\n  ${mismatches.join('\n  ')}`);
    process.exitCode = 1;
    return;
  }
  const totalSeconds = (Date.now() - t0) / 1000;
  const results = { generatedBy: 'npm run bench (bench/run.ts)', date, machine: m, totalSeconds, templates: rows };
  fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  writeDoc(section(rows, m, date, totalSeconds), m, date);
  console.log(`\nwrote ${path.relative(ROOT, RESULTS)} and ${path.relative(ROOT, DOC)} in ${totalSeconds.toFixed(0)} s`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exitCode = 1;
});
