import { describe, it, expect, beforeAll } from 'vitest';
import { compileTemplate, compileSource, compileError, type CompiledCircuit } from './test/harness.js';
import { rng } from './test/rng.js';
import { upSampling2d } from '../core/witness/upsampling2d.js';
import { UpSampling2D, type UpSampling2DParams } from './upsampling2d.js';
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

describe('UpSampling2D(H, W, C, SH, SW)', () => {
  const p: UpSampling2DParams = { H: 2, W: 3, C: 2, SH: 2, SW: 3 };
  let pub: CompiledCircuit;   // public inputs: the outputs are then bound to a fixed input
  beforeAll(async () => { pub = await compileTemplate('upsampling2d.circom', 'UpSampling2D', templateArgs(UpSampling2D, p), { publicInputs: ['in'] }); });

  it('costs 0 constraints inside a circuit (wiring); alone, one equation per repeated output', async () => {
    for (const [q, alone] of [[p, 2 * 3 * 2 * 5], [{ H: 3, W: 2, C: 1, SH: 1, SW: 1 }, 0], [{ H: 1, W: 2, C: 3, SH: 3, SW: 1 }, 12]] as const) {
      const c = await compileTemplate('upsampling2d.circom', 'UpSampling2D', templateArgs(UpSampling2D, q));
      expect(c.nConstraints).toBe(alone);
      expect(c.nConstraints).toBe(q.H * q.W * q.C * (q.SH * q.SW - 1));
      expect(await embeddedCost(UpSampling2D, q)).toBe(UpSampling2D.constraints(q));
      expect(UpSampling2D.constraints(q)).toBe(0);
    }
  });

  it('matches the TypeScript reference (nearest neighbour, Keras layout)', async () => {
    const r = rng(81);
    for (let t = 0; t < 4; t++) {
      const x = randomTensor(r, 2, 3, 2, 32);
      const w = await pub.witness({ in: x });
      expect(w.satisfies()).toBe(true);
      expect(w.getArray('out')).toEqual(upSampling2d(x, 2, 3).flat(2));
    }
    expect(upSampling2d([[[1n], [2n]]], 2, 2)).toEqual([[[1n], [1n], [2n], [2n]], [[1n], [1n], [2n], [2n]]]);
  });

  it('rejects forged outputs (out ± 1) against a fixed input', async () => {
    const w = await pub.witness({ in: randomTensor(rng(82), 2, 3, 2, 32) });
    for (const o of ['out[0][0][0]', 'out[1][2][1]', 'out[3][8][1]', 'out[2][4][0]']) {
      expect(w.forge({ [o]: w.get(o) + 1n }).satisfies()).toBe(false);
      expect(w.forge({ [o]: w.get(o) - 1n }).satisfies()).toBe(false);
    }
  });

  it('refuses parameters it cannot honour at compile time, naming the parameter', async () => {
    for (const [q, circom, ts] of [
      [{ ...p, SH: 0 }, /SH: vertical upsampling factor/, /parameter SH/],
      [{ ...p, SW: 0 }, /SW: horizontal upsampling factor/, /parameter SW/],
      [{ ...p, C: 0 }, /C: channels/, /parameter C/],
    ] as const) {
      expect(await compileError('upsampling2d.circom', 'UpSampling2D', templateArgs(UpSampling2D, q))).toMatch(circom);
      expect(() => UpSampling2D.validate(q)).toThrow(ts);
    }
  });
});
