/**
 * The r1cs header only (iden3 binfile "r1cs", section 1): counts for the UI, without parsing the
 * constraints (which can be hundreds of MB).
 */
export interface R1csCounts { nConstraints: number; nWires: number; nPublic: number; nPrivateInputs: number; nOutputs: number; nPublicInputs: number }

export function readR1csCounts(bytes: Uint8Array): R1csCounts {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== 'r1cs') throw new Error('not an r1cs file');
  const nSections = dv.getUint32(8, true);
  let off = 12;
  for (let i = 0; i < nSections; i++) {
    const type = dv.getUint32(off, true);
    const size = Number(dv.getBigUint64(off + 4, true));
    const start = off + 12;
    if (type === 1) {
      const n8 = dv.getUint32(start, true);
      let p = start + 4 + n8;
      const nWires = dv.getUint32(p, true); p += 4;
      const nOutputs = dv.getUint32(p, true); p += 4;
      const nPublicInputs = dv.getUint32(p, true); p += 4;
      const nPrivateInputs = dv.getUint32(p, true); p += 4;
      p += 8; // nLabels
      const nConstraints = dv.getUint32(p, true);
      return { nConstraints, nWires, nOutputs, nPublicInputs, nPrivateInputs, nPublic: nOutputs + nPublicInputs };
    }
    off = start + size;
  }
  throw new Error('r1cs has no header section');
}
