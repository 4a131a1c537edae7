/** Seeded PRNG for reproducible random circuit tests (mulberry32 over 32-bit state). */
export function rng(seed = 1) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** uniform bigint in [lo, hi] */
  const big = (lo: bigint, hi: bigint): bigint => {
    const span = hi - lo + 1n;
    let r = 0n;
    for (let i = 0; i < 8; i++) r = (r << 32n) | BigInt(Math.floor(next() * 2 ** 32));
    return lo + (r % span);
  };
  /** uniform in the signed B-bit range, with the edges drawn often */
  const signed = (bits: number): bigint => {
    const h = 1n << BigInt(bits - 1);
    const u = next();
    if (u < 0.05) return -h;
    if (u < 0.1) return h - 1n;
    if (u < 0.15) return 0n;
    return big(-h, h - 1n);
  };
  return { next, big, signed, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}
