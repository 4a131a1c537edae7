import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { separableConv2d } from '../core/witness/separable-conv2d.js';
import { conv2d } from '../core/witness/conv2d.js';
import { SeparableConv2D, type SeparableConv2DParams } from './separable-conv2d.js';
import { paddingOf } from '../core/witness/padding.js';

type R = ReturnType<typeof rng>;
type Nested = bigint | Nested[];
const rand = (r: R, shape: number[], bits: number): Nested =>
  shape.length === 0 ? r.signed(bits) : Array.from({ length: shape[0] }, () => rand(r, shape.slice(1), bits));
const fill = (shape: number[], v: bigint): Nested => (shape.length === 0 ? v : Array.from({ length: shape[0] }, () => fill(shape.slice(1), v)));
const flat = (x: Nested): bigint[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);
const params = ([H, W, C_IN, DEPTH_MULT, C_OUT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS]: number[]): SeparableConv2DParams =>
  ({ H, W, C_IN, DEPTH_MULT, C_OUT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS });

/** With no intermediate rescale, separable = one Conv2D with kernel K[ky][kx][ci][co] = Σ_m dw[ky][kx][ci][m]·pw[ci·DM+m][co]. */
function fusedKernel(dw: bigint[][][][], pw: bigint[][], dm: number): bigint[][][][] {
  return dw.map((row) => row.map((tap) => tap.map((ms, ci) => pw[0].map((_, co) =>
    ms.reduce((acc, d, m) => acc + d * pw[ci * dm + m][co], 0n)))));
}

// [H, W, C_IN, DEPTH_MULT, C_OUT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS], hand-counted
const SHAPES: [number[], number, string][] = [
  // depthwise: TY = 7, TX = 7 → 49·2·2 = 196; pointwise: OH·OW = 3·4, 4 mid channels, 3 out → 144
  [[5, 4, 2, 2, 3, 3, 2, 2, 1, 1, 1], 340, 'same, stride (2,1), 3×2 kernel, DM 2, bias'],
  // depthwise: 6·6·1 = 36; pointwise: 2·2·1·2 = 8
  [[4, 4, 1, 1, 2, 3, 3, 1, 1, 0, 0], 44, 'valid 3×3, DM 1, no bias'],
];

describe('SeparableConv2D(H, W, C_IN, DEPTH_MULT, C_OUT, KH, KW, STRIDE_H, STRIDE_W, PADDING, USE_BIAS)', () => {
  const circuits: CompiledCircuit[] = [];
  beforeAll(async () => {
    for (const [a] of SHAPES) circuits.push(await compileTemplate('separable-conv2d.circom', 'SeparableConv2D', a));
  });

  it('costs exactly the depthwise plus the pointwise multiply-accumulates', () => {
    SHAPES.forEach(([a, literal, label], i) => {
      expect(circuits[i].nConstraints, label).toBe(SeparableConv2D.constraints(params(a)));
      expect(circuits[i].nConstraints, label).toBe(literal);
    });
  });

  it('matches the reference and the fused Conv2D (no intermediate rescale: scale s_in + s_dw + s_pw)', async () => {
    const r = rng(61);
    for (const [i, [a, , label]] of SHAPES.entries()) {
      const p = params(a);
      const opts = { strideH: p.STRIDE_H, strideW: p.STRIDE_W, padding: paddingOf(p.PADDING) };
      const inShape = [p.H, p.W, p.C_IN], dwShape = [p.KH, p.KW, p.C_IN, p.DEPTH_MULT], pwShape = [p.C_IN * p.DEPTH_MULT, p.C_OUT];
      const cases = [
        { in: fill(inShape, -2048n), depthwiseWeights: fill(dwShape, -128n), pointwiseWeights: fill(pwShape, -128n), bias: fill([p.C_OUT], (1n << 27n) - 1n) },
        { in: fill(inShape, 2047n), depthwiseWeights: fill(dwShape, -128n), pointwiseWeights: fill(pwShape, 127n), bias: fill([p.C_OUT], -(1n << 27n)) },
        ...Array.from({ length: 5 }, () => ({
          in: rand(r, inShape, 12), depthwiseWeights: rand(r, dwShape, 8), pointwiseWeights: rand(r, pwShape, 8), bias: rand(r, [p.C_OUT], 28),
        })),
      ];
      for (const x of cases) {
        const bias = p.USE_BIAS ? (x.bias as bigint[]) : null;
        const { bias: _b, ...noBias } = x;
        const w = await circuits[i].witness(p.USE_BIAS ? x : noBias);
        expect(w.satisfies(), label).toBe(true);
        const dw = x.depthwiseWeights as bigint[][][][], pw = x.pointwiseWeights as bigint[][];
        const ref = separableConv2d(x.in as bigint[][][], dw, pw, bias, opts);
        expect(ref, label).toEqual(conv2d(x.in as bigint[][][], fusedKernel(dw, pw, p.DEPTH_MULT), bias, opts));
        expect(w.getArray('out'), label).toEqual(flat(ref as Nested));
      }
    }
  });

  it('rejects forged outputs and forged products of either half', async () => {
    const r = rng(62);
    const c = circuits[0], p = params(SHAPES[0][0]);
    const w = await c.witness({
      in: rand(r, [p.H, p.W, p.C_IN], 12), depthwiseWeights: rand(r, [p.KH, p.KW, p.C_IN, p.DEPTH_MULT], 8),
      pointwiseWeights: rand(r, [p.C_IN * p.DEPTH_MULT, p.C_OUT], 8), bias: rand(r, [p.C_OUT], 28),
    });
    expect(w.satisfies()).toBe(true);
    for (const o of ['out[0][0][0]', 'out[2][3][2]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
    // depthwise products feeding mid channel 0 of pixel (0,0): dw.prod[0..4); pointwise products of out[0][0][0]
    const names = [
      ...Array.from({ length: 4 }, (_, n) => `dw.prod[${n}]`),
      ...Array.from({ length: p.C_IN * p.DEPTH_MULT }, (_, j) => `pw.prod[0][0][0][${j}]`),
    ];
    const survivors = names.filter((n) => c.sym.get(`main.${n}`)! >= 0);
    expect(survivors.some((n) => n.startsWith('dw.'))).toBe(true);
    expect(survivors.some((n) => n.startsWith('pw.'))).toBe(true);
    for (const s of survivors) {
      expect(w.forge({ [s]: w.get(s) + 1n }).satisfies(), s).toBe(false);
    }
    for (const s of survivors.filter((n) => n.startsWith('pw.'))) {
      expect(w.forge({ [s]: w.get(s) + 1n, 'out[0][0][0]': w.get('out[0][0][0]') + 1n }).satisfies(), s).toBe(false);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    const ok = [5, 4, 2, 2, 3, 3, 2, 2, 1, 0, 1];
    const bad = (i: number, v: number) => ok.map((x, j) => (j === i ? v : x));
    const cases: [number[], RegExp, string][] = [
      [bad(7, 0), /STRIDE_H: vertical stride/, 'STRIDE_H'],
      [bad(8, 0), /STRIDE_W: horizontal stride/, 'STRIDE_W'],
      [bad(5, 6), /KH: kernel height must not exceed/, 'KH'],
      [bad(6, 5), /KW: kernel width must not exceed/, 'KW'],
      [bad(2, 0), /C_IN: number of input channels/, 'C_IN'],
      [bad(3, 0), /DEPTH_MULT: depth multiplier/, 'DEPTH_MULT'],
      [bad(4, 0), /C_OUT: number of output channels/, 'C_OUT'],
    ];
    for (const [a, msg, name] of cases) {
      expect(await compileError('separable-conv2d.circom', 'SeparableConv2D', a)).toMatch(msg);
      expect(() => SeparableConv2D.validate(params(a))).toThrow(new RegExp(`parameter ${name} `));
    }
  });
});
