/** A reproducible labelled set of N uint8 samples of S bytes with labels < C (a seeded LCG), for test-set circuit tests. */
export function sampleSet(N: number, S: number, C: number, seed: number): { samples: Uint8Array[]; labels: number[] } {
  let s = seed;
  const next = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s >>> 16; };
  return {
    samples: Array.from({ length: N }, () => Uint8Array.from({ length: S }, () => next() & 0xff)),
    labels: Array.from({ length: N }, () => next() % C),
  };
}
