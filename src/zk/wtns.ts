/**
 * Reader and writer for snarkjs's binary witness format (`.wtns`, iden3 binfile, version 2),
 * so witnesses we compute or forge can be handed to snarkjs (`wtns check`, `groth16 prove`).
 */
import { R1csFormatError } from './r1cs.js';

export function writeWtns(values: readonly bigint[], prime: bigint): Uint8Array {
  const n8 = 32;
  const head = 4 + 4 + 4;
  const s1 = 4 + n8 + 4;
  const s2 = values.length * n8;
  const out = new Uint8Array(head + 12 + s1 + 12 + s2);
  const dv = new DataView(out.buffer);
  out.set([0x77, 0x74, 0x6e, 0x73]); // "wtns"
  dv.setUint32(4, 2, true);
  dv.setUint32(8, 2, true);
  let p = head;
  const writeBig = (v: bigint, reduce = true) => { let x = reduce ? ((v % prime) + prime) % prime : v; for (let i = 0; i < n8; i++) { out[p + i] = Number(x & 0xffn); x >>= 8n; } p += n8; };
  dv.setUint32(p, 1, true); dv.setBigUint64(p + 4, BigInt(s1), true); p += 12;
  dv.setUint32(p, n8, true); p += 4;
  writeBig(prime, false);
  dv.setUint32(p, values.length, true); p += 4;
  dv.setUint32(p, 2, true); dv.setBigUint64(p + 4, BigInt(s2), true); p += 12;
  for (const v of values) writeBig(v);
  return out;
}

export function readWtns(bytes: Uint8Array): { prime: bigint; values: bigint[] } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== 'wtns') throw new R1csFormatError('not a wtns file');
  let p = 12;
  let n8 = 0; let prime = 0n; let n = 0; let values: bigint[] = [];
  const readBig = (o: number) => { let v = 0n; for (let i = n8 - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[o + i]); return v; };
  for (let s = 0; s < dv.getUint32(8, true); s++) {
    const type = dv.getUint32(p, true); const size = Number(dv.getBigUint64(p + 4, true)); p += 12;
    if (type === 1) { n8 = dv.getUint32(p, true); prime = readBig(p + 4); n = dv.getUint32(p + 4 + n8, true); }
    if (type === 2) values = Array.from({ length: n }, (_, i) => readBig(p + i * n8));
    p += size;
  }
  return { prime, values };
}
