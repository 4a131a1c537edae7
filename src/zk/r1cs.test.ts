import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as snarkjs from 'snarkjs';
import { compileTemplate, type CompiledCircuit } from '../circuits/test/harness.js';
import { P } from '../core/field.js';
import { firstViolatedConstraint, readR1csHeader, R1csFormatError } from './r1cs.js';
import { writeWtns, readWtns } from './wtns.js';

// Our own R1CS checker is what every forged-witness test relies on, so it is checked here
// against snarkjs's `wtns check` on honest and forged witnesses.
describe('R1CS checker agrees with snarkjs', () => {
  let c: CompiledCircuit;
  const tmp = mkdtempSync(join(tmpdir(), 'zkml-r1cs-'));
  beforeAll(async () => { c = await compileTemplate('rescale.circom', 'Rescale', [16, 4]); });

  it('reads the header like snarkjs r1cs info', async () => {
    const info = await snarkjs.r1cs.info(join(c.dir, 'circuit.r1cs'));
    expect(c.r1cs.prime).toBe(P);
    expect(c.r1cs.nConstraints).toBe(info.nConstraints);
    expect(c.r1cs.nWires).toBe(info.nVars);
    expect(c.r1cs.nPrvIn + c.r1cs.nPubIn).toBe(info.nPrvInputs + info.nPubInputs);
  });

  it('reads the header alone, and names what is wrong with a damaged file', () => {
    const bytes = new Uint8Array(readFileSync(join(c.dir, 'circuit.r1cs')));
    const h = readR1csHeader(bytes);
    expect([h.prime, h.nWires, h.nPubOut, h.nPubIn, h.nPrvIn, h.nConstraints]).toEqual([c.r1cs.prime, c.r1cs.nWires, c.r1cs.nPubOut, c.r1cs.nPubIn, c.r1cs.nPrvIn, c.r1cs.nConstraints]);
    const refused = (b: Uint8Array) => { try { readR1csHeader(b); return undefined; } catch (e) { expect(e).toBeInstanceOf(R1csFormatError); return (e as Error).message; } };
    expect(refused(bytes.slice(0, 8))).toMatch(/only 8 bytes/);
    expect(refused(Uint8Array.from([...new TextEncoder().encode('zkey'), ...bytes.slice(4)]))).toMatch(/magic "zkey"/);
    expect(refused(bytes.slice(0, bytes.length - 10))).toMatch(/truncated r1cs: section \d+ claims/);
  });

  it('accepts an honest witness and rejects a forged one, as snarkjs does', async () => {
    const w = await c.witness({ in: -1234 });
    const forged = w.forge({ out: w.get('out') + 1n });
    for (const [wit, ok] of [[w, true], [forged, false]] as const) {
      expect(firstViolatedConstraint(c.r1cs, wit.values) === -1).toBe(ok);
      const f = join(tmp, `${ok}.wtns`);
      writeFileSync(f, writeWtns(wit.values, P));
      expect(readWtns(readFileSync(f)).values).toEqual(wit.values);
      expect(await snarkjs.wtns.check(join(c.dir, 'circuit.r1cs'), f, { info() {}, warn() {}, error() {}, debug() {} })).toBe(ok);
    }
  });
});
