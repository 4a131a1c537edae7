/**
 * Tiny circom sources and clean-up shared by the Node tests of src/zk and src/chain and by
 * bench/chain.ts (compile them with compileSource from src/circuits/test/harness.ts).
 */
import * as fs from 'node:fs';

/** n public signals y[i] = k · a[i] (outputs), so any field values can be chosen as public signals. */
export const signalsCircuit = (n: number): string => [
  'pragma circom 2.2.3;',
  'template Signals(n) {',
  '    signal input k;',
  '    signal input a[n];',
  '    signal output y[n];',
  '    for (var i = 0; i < n; i++) { y[i] <== k * a[i]; }',
  '}',
  `component main = Signals(${n});`,
  '',
].join('\n');

/** c = (a · b) · a + b with b public: 2 constraints, 1 public output, 1 public input. */
export const TINY_CIRCUIT = [
  'pragma circom 2.2.3;',
  'template Tiny() {',
  '  signal input a; signal input b; signal output c;',
  '  signal t <== a * b;',
  '  c <== t * a + b;',
  '}',
  'component main {public [b]} = Tiny();',
].join('\n');

/** For afterAll: removes a test's temporary folder and stops snarkjs's bn128 curve (its worker threads). */
export async function removeTmpAndTerminateCurve(tmp: string): Promise<void> {
  fs.rmSync(tmp, { recursive: true, force: true });
  const g = globalThis as { curve_bn128?: { terminate(): Promise<void> } | null };
  await g.curve_bn128?.terminate();
}
