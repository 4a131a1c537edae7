/**
 * BLAKE2b-512 (RFC 7693) for the development powers-of-tau generator, isomorphic (no Node APIs).
 *
 * snarkjs stores the *internal state* of its response hasher in every ptau contribution record
 * (the 216-byte `partialHash`, a serialisation of @noble/hashes' BLAKE2b object: 128-byte block
 * buffer, the chaining value as 16 little-endian u32 halves, then bytes-hashed and buffer fill).
 * To write records that `snarkjs powersoftau verify` accepts (and that are byte-identical to what
 * snarkjs itself writes) this implementation mirrors noble's buffering exactly: the last block is
 * only compressed when more data arrives, and whole aligned blocks are hashed straight from the
 * input without touching the buffer. Assumes a little-endian platform (as snarkjs does).
 */

const IV = Uint32Array.from([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a,
  0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

// Message schedule, pre-multiplied by 2 (u32 index of the low half of each 64-bit word).
const SIGMA2 = Uint8Array.from(
  [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
    11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
    7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
    9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
    2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
    12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
    13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
    6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
    10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
  ].map((x) => x * 2),
);

/**
 * One BLAKE2b compression of the 128-byte block at u32 offset `off` of `m` into the chaining
 * value `h` (16 u32 halves), `t` bytes hashed so far. Unrolled over local variables: ~4x faster
 * than an array-based version (the hashes cover ~125 MB at 2^17).
 */
function compress(h: Uint32Array, m: Uint32Array, off: number, t0: number, last: boolean): void {
  let v0l = h[0]! | 0, v0h = h[1]! | 0;
  let v1l = h[2]! | 0, v1h = h[3]! | 0;
  let v2l = h[4]! | 0, v2h = h[5]! | 0;
  let v3l = h[6]! | 0, v3h = h[7]! | 0;
  let v4l = h[8]! | 0, v4h = h[9]! | 0;
  let v5l = h[10]! | 0, v5h = h[11]! | 0;
  let v6l = h[12]! | 0, v6h = h[13]! | 0;
  let v7l = h[14]! | 0, v7h = h[15]! | 0;
  let v8l = IV[0]! | 0, v8h = IV[1]! | 0;
  let v9l = IV[2]! | 0, v9h = IV[3]! | 0;
  let v10l = IV[4]! | 0, v10h = IV[5]! | 0;
  let v11l = IV[6]! | 0, v11h = IV[7]! | 0;
  let v12l = IV[8]! | 0, v12h = IV[9]! | 0;
  let v13l = IV[10]! | 0, v13h = IV[11]! | 0;
  let v14l = IV[12]! | 0, v14h = IV[13]! | 0;
  let v15l = IV[14]! | 0, v15h = IV[15]! | 0;
  v12l ^= t0 >>> 0;
  v12h ^= Math.floor(t0 / 4294967296);
  if (last) { v14l = ~v14l; v14h = ~v14h; }
  let t: number, k: number, xl: number, xh: number, yl: number, yh: number;
  const S = SIGMA2;
  for (let s = 0; s < 192; s += 16) {
    // G0: (0, 4, 8, 12)
    k = off + S[s + 0]!; xl = m[k]!; xh = m[k + 1]!;
    t = (v0l >>> 0) + (v4l >>> 0) + xl; v0h = (v0h + v4h + xh + ((t / 4294967296) | 0)) | 0; v0l = t | 0;
    xl = v12l ^ v0l; v12l = v12h ^ v0h; v12h = xl;
    t = (v8l >>> 0) + (v12l >>> 0); v8h = (v8h + v12h + ((t / 4294967296) | 0)) | 0; v8l = t | 0;
    xl = v4l ^ v8l; xh = v4h ^ v8h; v4l = (xl >>> 24) | (xh << 8); v4h = (xh >>> 24) | (xl << 8);
    k = off + S[s + 1]!; yl = m[k]!; yh = m[k + 1]!;
    t = (v0l >>> 0) + (v4l >>> 0) + yl; v0h = (v0h + v4h + yh + ((t / 4294967296) | 0)) | 0; v0l = t | 0;
    xl = v12l ^ v0l; xh = v12h ^ v0h; v12l = (xl >>> 16) | (xh << 16); v12h = (xh >>> 16) | (xl << 16);
    t = (v8l >>> 0) + (v12l >>> 0); v8h = (v8h + v12h + ((t / 4294967296) | 0)) | 0; v8l = t | 0;
    xl = v4l ^ v8l; xh = v4h ^ v8h; v4l = (xh >>> 31) | (xl << 1); v4h = (xl >>> 31) | (xh << 1);
    // G1: (1, 5, 9, 13)
    k = off + S[s + 2]!; xl = m[k]!; xh = m[k + 1]!;
    t = (v1l >>> 0) + (v5l >>> 0) + xl; v1h = (v1h + v5h + xh + ((t / 4294967296) | 0)) | 0; v1l = t | 0;
    xl = v13l ^ v1l; v13l = v13h ^ v1h; v13h = xl;
    t = (v9l >>> 0) + (v13l >>> 0); v9h = (v9h + v13h + ((t / 4294967296) | 0)) | 0; v9l = t | 0;
    xl = v5l ^ v9l; xh = v5h ^ v9h; v5l = (xl >>> 24) | (xh << 8); v5h = (xh >>> 24) | (xl << 8);
    k = off + S[s + 3]!; yl = m[k]!; yh = m[k + 1]!;
    t = (v1l >>> 0) + (v5l >>> 0) + yl; v1h = (v1h + v5h + yh + ((t / 4294967296) | 0)) | 0; v1l = t | 0;
    xl = v13l ^ v1l; xh = v13h ^ v1h; v13l = (xl >>> 16) | (xh << 16); v13h = (xh >>> 16) | (xl << 16);
    t = (v9l >>> 0) + (v13l >>> 0); v9h = (v9h + v13h + ((t / 4294967296) | 0)) | 0; v9l = t | 0;
    xl = v5l ^ v9l; xh = v5h ^ v9h; v5l = (xh >>> 31) | (xl << 1); v5h = (xl >>> 31) | (xh << 1);
    // G2: (2, 6, 10, 14)
    k = off + S[s + 4]!; xl = m[k]!; xh = m[k + 1]!;
    t = (v2l >>> 0) + (v6l >>> 0) + xl; v2h = (v2h + v6h + xh + ((t / 4294967296) | 0)) | 0; v2l = t | 0;
    xl = v14l ^ v2l; v14l = v14h ^ v2h; v14h = xl;
    t = (v10l >>> 0) + (v14l >>> 0); v10h = (v10h + v14h + ((t / 4294967296) | 0)) | 0; v10l = t | 0;
    xl = v6l ^ v10l; xh = v6h ^ v10h; v6l = (xl >>> 24) | (xh << 8); v6h = (xh >>> 24) | (xl << 8);
    k = off + S[s + 5]!; yl = m[k]!; yh = m[k + 1]!;
    t = (v2l >>> 0) + (v6l >>> 0) + yl; v2h = (v2h + v6h + yh + ((t / 4294967296) | 0)) | 0; v2l = t | 0;
    xl = v14l ^ v2l; xh = v14h ^ v2h; v14l = (xl >>> 16) | (xh << 16); v14h = (xh >>> 16) | (xl << 16);
    t = (v10l >>> 0) + (v14l >>> 0); v10h = (v10h + v14h + ((t / 4294967296) | 0)) | 0; v10l = t | 0;
    xl = v6l ^ v10l; xh = v6h ^ v10h; v6l = (xh >>> 31) | (xl << 1); v6h = (xl >>> 31) | (xh << 1);
    // G3: (3, 7, 11, 15)
    k = off + S[s + 6]!; xl = m[k]!; xh = m[k + 1]!;
    t = (v3l >>> 0) + (v7l >>> 0) + xl; v3h = (v3h + v7h + xh + ((t / 4294967296) | 0)) | 0; v3l = t | 0;
    xl = v15l ^ v3l; v15l = v15h ^ v3h; v15h = xl;
    t = (v11l >>> 0) + (v15l >>> 0); v11h = (v11h + v15h + ((t / 4294967296) | 0)) | 0; v11l = t | 0;
    xl = v7l ^ v11l; xh = v7h ^ v11h; v7l = (xl >>> 24) | (xh << 8); v7h = (xh >>> 24) | (xl << 8);
    k = off + S[s + 7]!; yl = m[k]!; yh = m[k + 1]!;
    t = (v3l >>> 0) + (v7l >>> 0) + yl; v3h = (v3h + v7h + yh + ((t / 4294967296) | 0)) | 0; v3l = t | 0;
    xl = v15l ^ v3l; xh = v15h ^ v3h; v15l = (xl >>> 16) | (xh << 16); v15h = (xh >>> 16) | (xl << 16);
    t = (v11l >>> 0) + (v15l >>> 0); v11h = (v11h + v15h + ((t / 4294967296) | 0)) | 0; v11l = t | 0;
    xl = v7l ^ v11l; xh = v7h ^ v11h; v7l = (xh >>> 31) | (xl << 1); v7h = (xl >>> 31) | (xh << 1);
    // G4: (0, 5, 10, 15)
    k = off + S[s + 8]!; xl = m[k]!; xh = m[k + 1]!;
    t = (v0l >>> 0) + (v5l >>> 0) + xl; v0h = (v0h + v5h + xh + ((t / 4294967296) | 0)) | 0; v0l = t | 0;
    xl = v15l ^ v0l; v15l = v15h ^ v0h; v15h = xl;
    t = (v10l >>> 0) + (v15l >>> 0); v10h = (v10h + v15h + ((t / 4294967296) | 0)) | 0; v10l = t | 0;
    xl = v5l ^ v10l; xh = v5h ^ v10h; v5l = (xl >>> 24) | (xh << 8); v5h = (xh >>> 24) | (xl << 8);
    k = off + S[s + 9]!; yl = m[k]!; yh = m[k + 1]!;
    t = (v0l >>> 0) + (v5l >>> 0) + yl; v0h = (v0h + v5h + yh + ((t / 4294967296) | 0)) | 0; v0l = t | 0;
    xl = v15l ^ v0l; xh = v15h ^ v0h; v15l = (xl >>> 16) | (xh << 16); v15h = (xh >>> 16) | (xl << 16);
    t = (v10l >>> 0) + (v15l >>> 0); v10h = (v10h + v15h + ((t / 4294967296) | 0)) | 0; v10l = t | 0;
    xl = v5l ^ v10l; xh = v5h ^ v10h; v5l = (xh >>> 31) | (xl << 1); v5h = (xl >>> 31) | (xh << 1);
    // G5: (1, 6, 11, 12)
    k = off + S[s + 10]!; xl = m[k]!; xh = m[k + 1]!;
    t = (v1l >>> 0) + (v6l >>> 0) + xl; v1h = (v1h + v6h + xh + ((t / 4294967296) | 0)) | 0; v1l = t | 0;
    xl = v12l ^ v1l; v12l = v12h ^ v1h; v12h = xl;
    t = (v11l >>> 0) + (v12l >>> 0); v11h = (v11h + v12h + ((t / 4294967296) | 0)) | 0; v11l = t | 0;
    xl = v6l ^ v11l; xh = v6h ^ v11h; v6l = (xl >>> 24) | (xh << 8); v6h = (xh >>> 24) | (xl << 8);
    k = off + S[s + 11]!; yl = m[k]!; yh = m[k + 1]!;
    t = (v1l >>> 0) + (v6l >>> 0) + yl; v1h = (v1h + v6h + yh + ((t / 4294967296) | 0)) | 0; v1l = t | 0;
    xl = v12l ^ v1l; xh = v12h ^ v1h; v12l = (xl >>> 16) | (xh << 16); v12h = (xh >>> 16) | (xl << 16);
    t = (v11l >>> 0) + (v12l >>> 0); v11h = (v11h + v12h + ((t / 4294967296) | 0)) | 0; v11l = t | 0;
    xl = v6l ^ v11l; xh = v6h ^ v11h; v6l = (xh >>> 31) | (xl << 1); v6h = (xl >>> 31) | (xh << 1);
    // G6: (2, 7, 8, 13)
    k = off + S[s + 12]!; xl = m[k]!; xh = m[k + 1]!;
    t = (v2l >>> 0) + (v7l >>> 0) + xl; v2h = (v2h + v7h + xh + ((t / 4294967296) | 0)) | 0; v2l = t | 0;
    xl = v13l ^ v2l; v13l = v13h ^ v2h; v13h = xl;
    t = (v8l >>> 0) + (v13l >>> 0); v8h = (v8h + v13h + ((t / 4294967296) | 0)) | 0; v8l = t | 0;
    xl = v7l ^ v8l; xh = v7h ^ v8h; v7l = (xl >>> 24) | (xh << 8); v7h = (xh >>> 24) | (xl << 8);
    k = off + S[s + 13]!; yl = m[k]!; yh = m[k + 1]!;
    t = (v2l >>> 0) + (v7l >>> 0) + yl; v2h = (v2h + v7h + yh + ((t / 4294967296) | 0)) | 0; v2l = t | 0;
    xl = v13l ^ v2l; xh = v13h ^ v2h; v13l = (xl >>> 16) | (xh << 16); v13h = (xh >>> 16) | (xl << 16);
    t = (v8l >>> 0) + (v13l >>> 0); v8h = (v8h + v13h + ((t / 4294967296) | 0)) | 0; v8l = t | 0;
    xl = v7l ^ v8l; xh = v7h ^ v8h; v7l = (xh >>> 31) | (xl << 1); v7h = (xl >>> 31) | (xh << 1);
    // G7: (3, 4, 9, 14)
    k = off + S[s + 14]!; xl = m[k]!; xh = m[k + 1]!;
    t = (v3l >>> 0) + (v4l >>> 0) + xl; v3h = (v3h + v4h + xh + ((t / 4294967296) | 0)) | 0; v3l = t | 0;
    xl = v14l ^ v3l; v14l = v14h ^ v3h; v14h = xl;
    t = (v9l >>> 0) + (v14l >>> 0); v9h = (v9h + v14h + ((t / 4294967296) | 0)) | 0; v9l = t | 0;
    xl = v4l ^ v9l; xh = v4h ^ v9h; v4l = (xl >>> 24) | (xh << 8); v4h = (xh >>> 24) | (xl << 8);
    k = off + S[s + 15]!; yl = m[k]!; yh = m[k + 1]!;
    t = (v3l >>> 0) + (v4l >>> 0) + yl; v3h = (v3h + v4h + yh + ((t / 4294967296) | 0)) | 0; v3l = t | 0;
    xl = v14l ^ v3l; xh = v14h ^ v3h; v14l = (xl >>> 16) | (xh << 16); v14h = (xh >>> 16) | (xl << 16);
    t = (v9l >>> 0) + (v14l >>> 0); v9h = (v9h + v14h + ((t / 4294967296) | 0)) | 0; v9l = t | 0;
    xl = v4l ^ v9l; xh = v4h ^ v9h; v4l = (xh >>> 31) | (xl << 1); v4h = (xl >>> 31) | (xh << 1);

  }
  h[0] = h[0]! ^ v0l ^ v8l; h[1] = h[1]! ^ v0h ^ v8h;
  h[2] = h[2]! ^ v1l ^ v9l; h[3] = h[3]! ^ v1h ^ v9h;
  h[4] = h[4]! ^ v2l ^ v10l; h[5] = h[5]! ^ v2h ^ v10h;
  h[6] = h[6]! ^ v3l ^ v11l; h[7] = h[7]! ^ v3h ^ v11h;
  h[8] = h[8]! ^ v4l ^ v12l; h[9] = h[9]! ^ v4h ^ v12h;
  h[10] = h[10]! ^ v5l ^ v13l; h[11] = h[11]! ^ v5h ^ v13h;
  h[12] = h[12]! ^ v6l ^ v14l; h[13] = h[13]! ^ v6h ^ v14h;
  h[14] = h[14]! ^ v7l ^ v15l; h[15] = h[15]! ^ v7h ^ v15h;
}

export class Blake2b512 {
  private readonly h = new Uint32Array(16);
  private readonly buffer = new Uint8Array(128);
  private readonly buffer32 = new Uint32Array(this.buffer.buffer);
  /** Bytes fed so far (including the ones still waiting in the buffer), as in noble. */
  private length = 0;
  /** Bytes waiting in the buffer (1..128 once anything was fed; the last block stays here). */
  private pos = 0;

  constructor() {
    this.h.set(IV);
    this.h[0] = this.h[0]! ^ (64 | (1 << 16) | (1 << 24));
  }

  private compress(msg: Uint32Array, off: number, last: boolean): void {
    compress(this.h, msg, off, this.length, last);
  }

  update(data: Uint8Array): this {
    const len = data.length;
    for (let pos = 0; pos < len;) {
      if (this.pos === 128) {
        this.compress(this.buffer32, 0, false);
        this.pos = 0;
      }
      const take = Math.min(128 - this.pos, len - pos);
      const dataOffset = data.byteOffset + pos;
      if (take === 128 && !(dataOffset % 4) && pos + take < len) {
        // Whole blocks straight from the input, always keeping the last one for the buffer.
        const data32 = new Uint32Array(data.buffer, dataOffset, Math.floor((len - pos) / 4));
        for (let p32 = 0; pos + 128 < len; p32 += 32, pos += 128) {
          this.length += 128;
          this.compress(data32, p32, false);
        }
        continue;
      }
      this.buffer.set(data.subarray(pos, pos + take), this.pos);
      this.pos += take;
      this.length += take;
      pos += take;
    }
    return this;
  }

  /** snarkjs's `toPartialHash`: the 216-byte state snarkjs stores in a contribution record. */
  partialState(): Uint8Array {
    const res = new Uint8Array(216);
    const r32 = new Uint32Array(res.buffer, 128);
    res.set(this.buffer);
    r32.set(this.h, 0);
    r32[16] = this.length - this.pos;
    r32[18] = this.pos;
    return res;
  }

  digest(): Uint8Array {
    this.buffer.fill(0, this.pos);
    this.compress(this.buffer32, 0, true);
    return new Uint8Array(this.h.buffer.slice(0));
  }
}

export function blake2b512(...parts: Uint8Array[]): Uint8Array {
  const h = new Blake2b512();
  for (const p of parts) h.update(p);
  return h.digest();
}
