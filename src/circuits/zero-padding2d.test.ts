import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileSource, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { zeroPadding2d } from '../core/witness/zero-padding2d.js';
import { ZeroPadding2D, type ZeroPadding2DParams } from './zero-padding2d.js';
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
const randomTensor = (r: ReturnType<typeof rng>, H: number, W: number, C: number, B: number) =>
  Array.from({ length: H }, () => Array.from({ length: W }, () => Array.from({ length: C }, () => r.signed(B))));

const Z = (H: number, W: number, C: number, TOP: number, BOTTOM: number, LEFT: number, RIGHT: number): ZeroPadding2DParams =>
  ({ H, W, C, TOP, BOTTOM, LEFT, RIGHT });

describe('ZeroPadding2D(H, W, C, TOP, BOTTOM, LEFT, RIGHT)', () => {
  const p = Z(2, 3, 2, 1, 2, 0, 1);   // out 5×4×2
  let pub: CompiledCircuit;   // public inputs: the outputs are then bound to a fixed input
  beforeAll(async () => { pub = await compileTemplate('zero-padding2d.circom', 'ZeroPadding2D', templateArgs(ZeroPadding2D, p), { publicInputs: ['in'] }); });

  it('costs 0 constraints inside a circuit; alone, one "out = 0" per padded output', async () => {
    for (const [q, alone] of [[p, 2 * (5 * 4 - 6)], [Z(2, 2, 1, 0, 0, 0, 0), 0], [Z(1, 1, 3, 1, 1, 1, 1), 24]] as const) {
      const c = await compileTemplate('zero-padding2d.circom', 'ZeroPadding2D', templateArgs(ZeroPadding2D, q));
      expect(c.nConstraints).toBe(alone);
      expect(await embeddedCost(ZeroPadding2D, q)).toBe(ZeroPadding2D.constraints(q));
      expect(ZeroPadding2D.constraints(q)).toBe(0);
    }
  });

  it('matches the TypeScript reference (Keras layout)', async () => {
    const r = rng(91);
    for (let t = 0; t < 4; t++) {
      const x = randomTensor(r, 2, 3, 2, 32);
      const w = await pub.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.getArray('out')).toEqual(zeroPadding2d(x, 1, 2, 0, 1).flat(2));
    }
    expect(zeroPadding2d([[[7n]]], 1, 0, 0, 1)).toEqual([[[0n], [0n]], [[7n], [0n]]]);
  });

  it('rejects forged outputs (out ± 1), on copied and on padded positions', async () => {
    const w = await pub.witness({ in: randomTensor(rng(92), 2, 3, 2, 32) });
    for (const o of ['out[1][0][0]', 'out[2][2][1]', 'out[0][0][0]', 'out[4][3][1]', 'out[1][3][0]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    for (const [q, circom, ts] of [
      [Z(2, 2, 1, -1, 0, 0, 0), /TOP: rows added above/, /parameter TOP/],
      [Z(2, 2, 1, 0, -1, 0, 0), /BOTTOM: rows added below/, /parameter BOTTOM/],
      [Z(2, 2, 1, 0, 0, -1, 0), /LEFT: columns added on the left/, /parameter LEFT/],
      [Z(2, 2, 1, 0, 0, 0, -1), /RIGHT: columns added on the right/, /parameter RIGHT/],
      [Z(0, 2, 1, 0, 0, 0, 0), /H: input height/, /parameter H/],
    ] as const) {
      expect(await compileError('zero-padding2d.circom', 'ZeroPadding2D', templateArgs(ZeroPadding2D, q))).toMatch(circom);
      expect(() => ZeroPadding2D.validate(q)).toThrow(ts);
    }
  });
});
