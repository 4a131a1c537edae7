import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileSource, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { sumPooling2d } from '../core/witness/sum-pooling2d.js';
import { SumPooling2D, type SumPooling2DParams } from './sum-pooling2d.js';
import { templateArgs, type TemplateSignature, type Params } from './signature.js';

/**
 * The cost of a template EMBEDDED in a larger circuit, where its outputs are internal signals: every
 * output o feeds one product (o + k)·(o + k) with a fresh private k, so the probe costs exactly one
 * constraint per output plus the template's own constraints.
 */
async function embeddedCost<T extends Params>(sig: TemplateSignature<T>, p: T): Promise<number> {
  const dims = (s: number[]) => s.map((d) => `[${d}]`).join('');
  const ins = Object.entries(sig.inputs(p));
  const uses: string[] = [];
  for (const [name, shape] of Object.entries(sig.outputs(p))) {
    const total = shape.reduce((a, b) => a * b, 1);
    for (let f = 0; f < total; f++) {
      let rest = f;
      const idx = shape.map((_, d) => { const stride = shape.slice(d + 1).reduce((a, b) => a * b, 1); const i = Math.floor(rest / stride); rest %= stride; return `[${i}]`; }).join('');
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
  return (await compileSource(src, `${sig.template}Probe`)).nConstraints - uses.length;
}

const P = (H: number, W: number, C: number, PH: number, PW: number, STRIDE_H: number, STRIDE_W: number, PADDING: number): SumPooling2DParams =>
  ({ H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING });

// [what, params, constraints when compiled alone as main]
const SHAPES: [string, SumPooling2DParams, number][] = [
  ['2×2 stride 2 valid', P(4, 4, 2, 2, 2, 2, 2, 0), 0],
  ['3×2 same padding, stride 2, non-square', P(5, 4, 1, 3, 2, 2, 2, 1), 0],
  ['2×3 valid, strides 1×2 (stride ≠ pool size)', P(4, 5, 1, 2, 3, 1, 2, 0), 0],
  // both row windows cover the whole height: out[1][j] repeats out[0][j], one kept equation per column
  ['3×3 same, stride 1, pool larger than the input', P(2, 3, 1, 3, 3, 1, 1, 1), 3],
];

const randomTensor = (r: ReturnType<typeof rng>, H: number, W: number, C: number, B: number) =>
  Array.from({ length: H }, () => Array.from({ length: W }, () => Array.from({ length: C }, () => r.signed(B))));

describe('SumPooling2D(H, W, C, PH, PW, STRIDE_H, STRIDE_W, PADDING)', () => {
  const circuits: CompiledCircuit[] = [];
  let pub: CompiledCircuit;   // shape 1 with public inputs: the outputs are then bound to a fixed input
  beforeAll(async () => {
    for (const [, p] of SHAPES) circuits.push(await compileTemplate('sum-pooling2d.circom', 'SumPooling2D', templateArgs(SumPooling2D, p)));
    pub = await compileTemplate('sum-pooling2d.circom', 'SumPooling2D', templateArgs(SumPooling2D, SHAPES[1][1]), { publicInputs: ['in'] });
  });

  it('costs 0 constraints inside a circuit (linear), and the pinned count alone', async () => {
    for (const [k, [, p, alone]] of SHAPES.entries()) {
      expect(circuits[k].nConstraints).toBe(alone);
      expect(await embeddedCost(SumPooling2D, p)).toBe(SumPooling2D.constraints(p));
      expect(SumPooling2D.constraints(p)).toBe(0);
    }
  });

  it('matches the TypeScript reference on random, negative and edge inputs', async () => {
    const r = rng(51);
    for (const [k, [, p]] of SHAPES.entries()) {
      const h = 1n << 31n;
      for (const x of [randomTensor(r, p.H, p.W, p.C, 32), randomTensor(r, p.H, p.W, p.C, 32),
        Array.from({ length: p.H }, () => Array.from({ length: p.W }, () => Array.from({ length: p.C }, () => -h)))]) {
        const w = await circuits[k].witness({ in: x });
        expect(w.satisfies()).toBe(true);
        expect(w.getArray('out')).toEqual(sumPooling2d(x, p).flat(2));
      }
    }
    const x = randomTensor(r, 5, 4, 1, 16);
    const w = await pub.witness({ in: x });
    expect(w.satisfies()).toBe(true);
    expect(w.getArray('out')).toEqual(sumPooling2d(x, SHAPES[1][1]).flat(2));
  });

  it('sums only the real elements of a same-padded window', () => {
    // 5 rows, pool 3, stride 2, same: pad_before = 1, row windows {0,1}, {1,2,3}, {3,4}.
    const x = Array.from({ length: 5 }, (_, i) => Array.from({ length: 4 }, (_, j) => [BigInt(10 * i + j)]));
    expect(sumPooling2d(x, SHAPES[1][1]).map((row) => row.map((px) => px[0]))).toEqual([
      [0 + 1 + 10 + 11, 2 + 3 + 12 + 13].map(BigInt),
      [10 + 11 + 20 + 21 + 30 + 31, 12 + 13 + 22 + 23 + 32 + 33].map(BigInt),
      [30 + 31 + 40 + 41, 32 + 33 + 42 + 43].map(BigInt),
    ]);
  });

  it('rejects forged outputs (out ± 1) against a fixed input', async () => {
    const w = await pub.witness({ in: randomTensor(rng(52), 5, 4, 1, 16) });
    for (const o of ['out[0][0][0]', 'out[1][1][0]', 'out[2][1][0]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    const bad: [SumPooling2DParams, RegExp, RegExp][] = [
      [P(4, 4, 1, 2, 2, 0, 2, 0), /STRIDE_H: vertical stride/, /parameter STRIDE_H/],
      [P(4, 4, 1, 2, 2, 2, 0, 0), /STRIDE_W: horizontal stride/, /parameter STRIDE_W/],
      [P(4, 4, 1, 5, 2, 1, 1, 0), /PH: pool height must not exceed H/, /parameter PH/],
      [P(4, 4, 1, 2, 5, 1, 1, 0), /PW: pool width must not exceed W/, /parameter PW/],
      [P(4, 4, 1, 2, 2, 2, 2, 3), /PADDING: 0 = valid, 1 = same/, /parameter PADDING/],
      [P(4, 4, 1, 0, 2, 2, 2, 0), /PH: pool height, must be at least 1/, /parameter PH/],
    ];
    for (const [p, circom, ts] of bad) {
      expect(await compileError('sum-pooling2d.circom', 'SumPooling2D', templateArgs(SumPooling2D, p))).toMatch(circom);
      expect(() => SumPooling2D.validate(p)).toThrow(ts);
    }
  });
});
