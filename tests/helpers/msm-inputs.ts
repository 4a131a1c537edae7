/**
 * Inputs for multi-exponentiation tests of an ffjavascript curve group G (G1 or G2): n affine bases
 * (seed·g, (seed+1)·g, …) and n pseudo-random 254-bit scalars, deterministic in `seed`. Used in Node
 * (src/zk/curve.test.ts) and in a Chromium page (tests/e2e/curve-threads.test.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function msmInputs(G: any, Fr: any, n: number, seed: number): { bases: Uint8Array; scalars: Uint8Array } {
  const sIn = G.F.n8 * 2;
  const bases = new Uint8Array(n * sIn);
  let p = G.timesScalar(G.g, Fr.e(seed));
  for (let i = 0; i < n; i++) { bases.set(G.toAffine(p), i * sIn); p = G.add(p, G.g); }
  const scalars = new Uint8Array(n * 32);
  let x = BigInt(seed) * 0x9e3779b97f4a7c15n;
  for (let i = 0; i < n; i++) { x = (x * 6364136223846793005n + 1442695040888963407n) % (1n << 254n); scalars.set(Fr.e(x), i * 32); }
  return { bases, scalars };
}
