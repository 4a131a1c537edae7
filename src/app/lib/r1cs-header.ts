/**
 * The r1cs header only: counts for the UI, without parsing the constraints (which can be hundreds
 * of MB). A damaged file is an `R1csFormatError` (src/zk/r1cs.ts reads and checks the header).
 */
import { readR1csHeader } from '../../zk/r1cs.js';

export interface R1csCounts { nConstraints: number; nWires: number; nPublic: number; nPrivateInputs: number; nOutputs: number; nPublicInputs: number }

export function readR1csCounts(bytes: Uint8Array): R1csCounts {
  const h = readR1csHeader(bytes);
  return { nConstraints: h.nConstraints, nWires: h.nWires, nOutputs: h.nPubOut, nPublicInputs: h.nPubIn, nPrivateInputs: h.nPrvIn, nPublic: h.nPubOut + h.nPubIn };
}
