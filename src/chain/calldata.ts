/**
 * Pure conversions from snarkjs JSON (proofs, public signals, verification keys) to the
 * arguments of VerifierRegistry, and the ids and hashes the contract computes, computed the same
 * way off chain. No I/O; isomorphic.
 *
 * - Proof words (`verify(circuitId, proof, publicSignals)`): groth16 8 words
 *   `A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y` (G2 imaginary part first, as EIP-197 and
 *   `snarkjs zkey export soliditycalldata` order them); plonk and fflonk 24 words in the order of
 *   snarkjs's `exportSolidityCallData`.
 * - Groth16 key: the canonical encoding of contracts/lib/Groth16.sol (alpha, beta, gamma, delta,
 *   IC[0..n], G2 imaginary part first), `groth16VkToBytes`.
 * - circuitId = keccak256(abi.encode(uint8 scheme, uint256 nPublic, bytes32 logicHash)) with
 *   logicHash = keccak256(vk bytes) for groth16 and the verifier's code hash for plonk/fflonk.
 * - publicSignalsHash = keccak256(abi.encodePacked(uint256[] signals));
 *   claimHash = keccak256(abi.encode(circuitId, publicSignalsHash)).
 * - `verifyGroth16` (Groth16 only, what `verifyOnChain` sends): a compact layout without ABI offsets
 *   and lengths, `selector ‖ circuitId ‖ proof (8 words) ‖ publicSignals (n words)`, n read from
 *   the calldata size (`encodeVerifyGroth16`, `decodeVerifyGroth16`).
 * - A Groth16 key's data contract: the first CREATE (nonce 1) of the deployer the registry CREATE2s
 *   with salt = circuitId and KEY_DEPLOYER_INIT (`groth16KeyAddress`).
 */
import { concat, encodeAbiParameters, getContractAddress, hexToBigInt, keccak256, numberToHex, size, slice, toFunctionSelector, type Address, type Hex } from 'viem';
import type { Proof, PublicSignals, VerificationKey } from 'snarkjs';
import { ZkmlError } from '../core/errors.js';

export type Scheme = 'groth16' | 'plonk' | 'fflonk';

/** The contract's `Scheme` enum values. */
export const SCHEME_ID = { groth16: 1, plonk: 2, fflonk: 3 } as const;
export const SCHEME_BY_ID: Record<number, Scheme | undefined> = { 1: 'groth16', 2: 'plonk', 3: 'fflonk' };

/** BN254 base field modulus (point coordinates). */
export const BN254_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
/** BN254 scalar field modulus (public signals, evaluations). */
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Proof length in 32-byte words, per scheme. */
export const PROOF_WORDS = { groth16: 8, plonk: 24, fflonk: 24 } as const;

/** A proof, public signal or key is not in a form the contract can take. `details.path` locates it. */
export class CalldataError extends ZkmlError {
  override name = 'CalldataError';
  constructor(path: string, problem: string) {
    super(`cannot encode ${path}: ${problem}`, { details: { path } });
  }
}

export interface VerifyArgs {
  proof: readonly bigint[];
  publicSignals: readonly bigint[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A canonical field element from a decimal string (or bigint / safe integer), below `modulus`. */
export function fieldElement(v: unknown, modulus: bigint, path: string): bigint {
  let x: bigint;
  if (typeof v === 'bigint') x = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) x = BigInt(v);
  else if (typeof v === 'string' && /^(0|[1-9][0-9]{0,77})$/.test(v)) x = BigInt(v);
  else throw new CalldataError(path, `expected a canonical decimal number, got ${JSON.stringify(typeof v === 'string' ? v.slice(0, 40) : typeof v)}`);
  if (x < 0n || x >= modulus) throw new CalldataError(path, `not below the ${modulus === BN254_R ? 'scalar' : 'base'} field modulus`);
  return x;
}

function g1(v: unknown, path: string): [bigint, bigint] {
  if (!Array.isArray(v) || v.length !== 3) throw new CalldataError(path, 'expected a G1 point [x, y, z]');
  const [x, y, z] = v.map((c, i) => fieldElement(c, BN254_Q, `${path}[${i}]`));
  if (z === 1n) return [x, y];
  if (z === 0n) return [0n, 0n]; // the identity, as EIP-196/197 encode it
  throw new CalldataError(path, 'not in affine form (z must be 1)');
}

/** G2 point → [x1, x0, y1, y0] (imaginary part first). */
function g2(v: unknown, path: string): [bigint, bigint, bigint, bigint] {
  if (!Array.isArray(v) || v.length !== 3) throw new CalldataError(path, 'expected a G2 point [[x0, x1], [y0, y1], [z0, z1]]');
  const c = v.map((e, i) => {
    if (!Array.isArray(e) || e.length !== 2) throw new CalldataError(`${path}[${i}]`, 'expected an Fq2 pair');
    return e.map((x, j) => fieldElement(x, BN254_Q, `${path}[${i}][${j}]`));
  });
  const [[x0, x1], [y0, y1], [z0, z1]] = c;
  if (z0 === 1n && z1 === 0n) return [x1, x0, y1, y0];
  if (z0 === 0n && z1 === 0n) return [0n, 0n, 0n, 0n];
  throw new CalldataError(path, 'not in affine form (z must be [1, 0])');
}

function key(o: unknown, k: string, path: string): unknown {
  if (!isObj(o) || !(k in o)) throw new CalldataError(`${path}.${k}`, 'missing');
  return o[k];
}

const PLONK_G1 = ['A', 'B', 'C', 'Z', 'T1', 'T2', 'T3', 'Wxi', 'Wxiw'] as const;
const PLONK_FR = ['eval_a', 'eval_b', 'eval_c', 'eval_s1', 'eval_s2', 'eval_zw'] as const;
const FFLONK_G1 = ['C1', 'C2', 'W1', 'W2'] as const;
const FFLONK_FR = ['ql', 'qr', 'qm', 'qo', 'qc', 's1', 's2', 's3', 'a', 'b', 'c', 'z', 'zw', 't1w', 't2w', 'inv'] as const;

/** The proof as the contract's `uint256[] proof` (8 words for groth16, 24 for plonk/fflonk). */
export function proofToCalldata(scheme: Scheme, proof: Proof | Record<string, unknown>): bigint[] {
  if (!isObj(proof)) throw new CalldataError('proof', 'expected an object');
  if ('protocol' in proof && proof.protocol !== scheme) {
    throw new CalldataError('proof.protocol', `is ${JSON.stringify(proof.protocol)}, expected "${scheme}"`);
  }
  if (scheme === 'groth16') {
    return [...g1(key(proof, 'pi_a', 'proof'), 'proof.pi_a'), ...g2(key(proof, 'pi_b', 'proof'), 'proof.pi_b'), ...g1(key(proof, 'pi_c', 'proof'), 'proof.pi_c')];
  }
  if (scheme === 'plonk') {
    return [
      ...PLONK_G1.flatMap((k) => g1(key(proof, k, 'proof'), `proof.${k}`)),
      ...PLONK_FR.map((k) => fieldElement(key(proof, k, 'proof'), BN254_R, `proof.${k}`)),
    ];
  }
  if (scheme === 'fflonk') {
    const pol = key(proof, 'polynomials', 'proof');
    const ev = key(proof, 'evaluations', 'proof');
    return [
      ...FFLONK_G1.flatMap((k) => g1(key(pol, k, 'proof.polynomials'), `proof.polynomials.${k}`)),
      ...FFLONK_FR.map((k) => fieldElement(key(ev, k, 'proof.evaluations'), BN254_R, `proof.evaluations.${k}`)),
    ];
  }
  throw new CalldataError('scheme', `unknown scheme ${JSON.stringify(scheme)}`);
}

/** Public signals as `uint256[]`; each must be a canonical scalar-field element. */
export function publicSignalsToCalldata(publicSignals: PublicSignals | readonly unknown[]): bigint[] {
  if (!Array.isArray(publicSignals)) throw new CalldataError('publicSignals', 'expected an array');
  return publicSignals.map((s, i) => fieldElement(s, BN254_R, `publicSignals[${i}]`));
}

/** Both arguments of `verify` / `verifyProof` from snarkjs JSON. */
export function toVerifyArgs(scheme: Scheme, proof: Proof | Record<string, unknown>, publicSignals: PublicSignals | readonly unknown[]): VerifyArgs {
  return { proof: proofToCalldata(scheme, proof), publicSignals: publicSignalsToCalldata(publicSignals) };
}

const word = (x: bigint): Hex => numberToHex(x, { size: 32 });

/** The canonical Groth16 key bytes that `registerGroth16` takes (see contracts/lib/Groth16.sol). */
export function groth16VkToBytes(vkey: VerificationKey | Record<string, unknown>): Hex {
  if (!isObj(vkey)) throw new CalldataError('vkey', 'expected an object');
  if (vkey.protocol !== 'groth16') throw new CalldataError('vkey.protocol', `is ${JSON.stringify(vkey.protocol)}, expected "groth16"`);
  if ('curve' in vkey && vkey.curve !== 'bn128') throw new CalldataError('vkey.curve', `is ${JSON.stringify(vkey.curve)}, expected "bn128"`);
  const ic = key(vkey, 'IC', 'vkey');
  if (!Array.isArray(ic) || ic.length < 2) throw new CalldataError('vkey.IC', 'expected at least 2 points (1 public signal)');
  if (typeof vkey.nPublic === 'number' && vkey.nPublic !== ic.length - 1) {
    throw new CalldataError('vkey.nPublic', `is ${vkey.nPublic} but IC has ${ic.length} points`);
  }
  const words = [
    ...g1(key(vkey, 'vk_alpha_1', 'vkey'), 'vkey.vk_alpha_1'),
    ...g2(key(vkey, 'vk_beta_2', 'vkey'), 'vkey.vk_beta_2'),
    ...g2(key(vkey, 'vk_gamma_2', 'vkey'), 'vkey.vk_gamma_2'),
    ...g2(key(vkey, 'vk_delta_2', 'vkey'), 'vkey.vk_delta_2'),
    ...ic.flatMap((p, i) => g1(p, `vkey.IC[${i}]`)),
  ];
  return concat(words.map(word));
}

/** The number of public signals a canonical Groth16 key encodes. */
export function groth16VkPublicCount(vk: Hex): number {
  const bytes = (vk.length - 2) / 2;
  if (bytes < 448 + 128 || (bytes - 448) % 64 !== 0) throw new CalldataError('vk', `malformed length ${bytes}`);
  return (bytes - 448) / 64 - 1;
}

/** circuitId from its parts (what the contract computes at registration). */
export function circuitIdOf(scheme: Scheme, nPublic: number, logicHash: Hex): Hex {
  return keccak256(encodeAbiParameters(
    [{ type: 'uint8' }, { type: 'uint256' }, { type: 'bytes32' }],
    [SCHEME_ID[scheme], BigInt(nPublic), logicHash],
  ));
}

/** circuitId of a Groth16 circuit, from its snarkjs verification key. */
export function groth16CircuitId(vkey: VerificationKey | Record<string, unknown>): Hex {
  const vk = groth16VkToBytes(vkey);
  return circuitIdOf('groth16', groth16VkPublicCount(vk), keccak256(vk));
}

/** circuitId of a PLONK/FFLONK verifier contract, from its runtime code (or its code hash). */
export function verifierCircuitId(scheme: 'plonk' | 'fflonk', nPublic: number, code: { runtimeCode: Hex } | { codeHash: Hex }): Hex {
  return circuitIdOf(scheme, nPublic, 'codeHash' in code ? code.codeHash : keccak256(code.runtimeCode));
}

/** keccak256 of the public signals packed as 32-byte words (the event's `publicSignalsHash`). */
export function publicSignalsHash(publicSignals: PublicSignals | readonly unknown[]): Hex {
  const s = publicSignalsToCalldata(publicSignals);
  return keccak256(s.length ? concat(s.map(word)) : '0x');
}

/** The claim a successful `verify` records: keccak256(abi.encode(circuitId, publicSignalsHash)). */
export function claimHash(circuitId: Hex, publicSignals: PublicSignals | readonly unknown[]): Hex {
  return claimHashFromSignalsHash(circuitId, publicSignalsHash(publicSignals));
}

/** The claim hash from the two hashes a ProofVerified event carries as topics (circuitId, publicSignalsHash). */
export function claimHashFromSignalsHash(circuitId: Hex, signalsHash: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }], [circuitId, signalsHash]));
}

/** VerifierRegistry.KEY_DEPLOYER_INIT: the init code of a Groth16 key's 9-byte deployer. */
export const KEY_DEPLOYER_INIT: Hex = '0x68363d3d37363d3df0003d5260096017f3';

/** Where `registry` keeps (or would keep) the key data contract of a Groth16 circuit id. */
export function groth16KeyAddress(registry: Address, circuitId: Hex): Address {
  const deployer = getContractAddress({ opcode: 'CREATE2', from: registry, salt: circuitId, bytecodeHash: keccak256(KEY_DEPLOYER_INIT) });
  return getContractAddress({ opcode: 'CREATE', from: deployer, nonce: 1n });
}

/** `verifyGroth16(bytes32,uint256[8])`: the selector of the compact Groth16 entry point. */
export const VERIFY_GROTH16_SELECTOR: Hex = toFunctionSelector('verifyGroth16(bytes32,uint256[8])');

/** Bytes before the public signals in verifyGroth16's calldata: selector, circuitId, 8 proof words. */
export const VERIFY_GROTH16_HEAD = 4 + 32 + 8 * 32;

/**
 * The calldata of `verifyGroth16`: `selector ‖ circuitId ‖ proof (8 words) ‖ publicSignals`, each
 * word 32 bytes big-endian; the contract reads the number of signals from the calldata size. 128
 * bytes shorter than `verify`'s ABI encoding (its two offsets and two lengths), ~570 gas less.
 */
export function encodeVerifyGroth16(circuitId: Hex, proof: readonly bigint[], publicSignals: readonly bigint[]): Hex {
  if (!/^0x[0-9a-fA-F]{64}$/.test(circuitId)) throw new CalldataError('circuitId', 'expected 32 bytes of hex');
  if (proof.length !== PROOF_WORDS.groth16) throw new CalldataError('proof', `expected ${PROOF_WORDS.groth16} words, got ${proof.length}`);
  proof.forEach((w, i) => { if (w < 0n || w >= 1n << 256n) throw new CalldataError(`proof[${i}]`, 'not a 256-bit word'); });
  const signals = publicSignalsToCalldata(publicSignals as readonly unknown[]);
  return concat([VERIFY_GROTH16_SELECTOR, circuitId.toLowerCase() as Hex, ...proof.map(word), ...signals.map(word)]);
}

/** Reads `verifyGroth16` calldata back (the inverse of `encodeVerifyGroth16`). */
export function decodeVerifyGroth16(data: Hex): { circuitId: Hex; proof: bigint[]; publicSignals: bigint[] } {
  const n = size(data);
  if (n < VERIFY_GROTH16_HEAD || (n - VERIFY_GROTH16_HEAD) % 32 !== 0) throw new CalldataError('data', `malformed length ${n}`);
  if (slice(data, 0, 4).toLowerCase() !== VERIFY_GROTH16_SELECTOR) throw new CalldataError('data', 'not a verifyGroth16 call');
  const words = (from: number, count: number) => Array.from({ length: count }, (_, i) => hexToBigInt(slice(data, from + 32 * i, from + 32 * i + 32)));
  return { circuitId: slice(data, 4, 36), proof: words(36, 8), publicSignals: words(VERIFY_GROTH16_HEAD, (n - VERIFY_GROTH16_HEAD) / 32) };
}
