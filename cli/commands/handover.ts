/**
 * The weight hand-over from the command line (docs/PROTOCOL.md §7).
 *
 * `zkml handover encrypt <project> --to <provider pk> [--nonce N]` (the winner): a fresh hunter key,
 * the project's model limbs encrypted to the provider's key, and a Groth16 proof of the Handover
 * circuit (compiled for the project's limb counts, DEVELOPMENT keys as `zkml setup` makes them: NOT
 * FOR VALUE). Writes into <project>/handover/: circuit.circom/.r1cs/.wasm, circuit.zkey,
 * verification_key.json (reused while the circuit is the same), proof.json, public.json,
 * ciphertext.json (ciphertext, hunterPub, nonce, ρ, e, commitment) and architecture.json.
 *
 * `zkml handover decrypt --key <file> --in <ciphertext.json> --architecture <json> --commitment <c> -o <dir>`
 * (the provider): decrypts with the key file, checks the model commitment against the bounty's,
 * rebuilds the exact quantized graph (quantized-model.json) and the float Keras model: model.json +
 * weights.bin (tfjs) and model.h5 (Keras 2), which transpile back to the same commitment with the
 * options they record.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { compileCircom } from '../../src/zk/circom.js';
import { libraryFiles } from '../../src/zk/circom-node.js';
import { devSetup, readR1csCounts } from '../../src/zk/setup.js';
import { prove } from '../../src/zk/prove.js';
import { verify } from '../../src/zk/verify.js';
import { powerRequirement } from '../../src/zk/ptau.js';
import { serializeQGraph } from '../../src/core/quantize/serialize.js';
import { architectureOf, archHash } from '../../src/core/commit/architecture.js';
import { modelCommitment, modelLimbs } from '../../src/core/commit/model.js';
import { HANDOVER_PUBLIC_INPUTS } from '../../src/circuits/handover.js';
import { generateHunterKeyPair, importKeyFile, checkProviderKey } from '../../src/core/handover/keys.js';
import { handoverWitness, randomNonce } from '../../src/core/handover/handover.js';
import type { Point } from '../../src/core/handover/babyjub.js';
import { openAndRebuild, rebuiltModelFiles, type RebuildRecord } from '../../src/core/handover/rebuild.js';
import { readBytes, readText, readJson, writeFile, writeJson } from '../fs.js';
import { readProject, rel } from '../project.js';
import { type Io, silent, int, stopwatch, seconds } from '../format.js';
import { UsageError, DataError, ConsistencyError } from '../errors.js';
import { passphraseOf, formatPublicKey } from './keys.js';

const require = createRequire(import.meta.url);

export const CIPHERTEXT_KIND = 'zkml/handover-ciphertext/v1';

/** What `handover encrypt` writes and `handover decrypt` reads (decimal strings). */
export interface CiphertextFile {
  kind: typeof CIPHERTEXT_KIND;
  ciphertext: string[];
  hunterPub: [string, string];
  nonce: string;
  providerPub: [string, string];
  commitment: string;
  rho: string;
  e: string;
  limbs: { weights: number; biases: number };
}

const DEC = /^(0|[1-9]\d{0,77})$/;

/** A provider key: `x,y` (decimal), or a JSON file with `publicKey: [x, y]` (a key file, or what `keys new` printed saved as JSON). */
export function parsePublicKey(s: string): Point {
  let parts: unknown[] | undefined;
  if (/^\s*\d+\s*,\s*\d+\s*$/.test(s)) parts = s.split(',').map((x) => x.trim());
  else if (fs.existsSync(s)) {
    const j = readJson(s, 'public key file') as { publicKey?: unknown };
    if (Array.isArray(j?.publicKey)) parts = j.publicKey;
    else throw new DataError(`${s} has no publicKey: [x, y]`, { details: { file: s } });
  } else throw new UsageError(`--to must be the provider's public key as x,y (decimal) or a JSON file with publicKey: [x, y], got ${JSON.stringify(s.slice(0, 80))}`);
  if (parts.length !== 2 || !parts.every((x) => typeof x === 'string' && DEC.test(x))) throw new UsageError('a public key is two decimal numbers x,y');
  const p: Point = [BigInt(parts[0] as string), BigInt(parts[1] as string)];
  checkProviderKey(p);
  return p;
}

function parseNonce(s: string | undefined): bigint {
  if (s === undefined) return randomNonce();
  if (!DEC.test(s) || BigInt(s) >= 1n << 128n) throw new UsageError(`--nonce must be a decimal integer below 2^128, got ${JSON.stringify(s)}`);
  return BigInt(s);
}

export interface HandoverEncryptOptions extends Io {
  dir: string;
  to: string;
  nonce?: string;
}

export interface HandoverEncryptResult {
  out: string;
  constraints: number;
  hunterPub: Point;
  commitment: bigint;
  ciphertext: bigint[];
  ms: { compile: number; setup: number; prove: number; total: number };
  reused: boolean;
}

export async function handoverEncryptCommand(opts: HandoverEncryptOptions): Promise<HandoverEncryptResult> {
  const print = opts.print ?? silent, err = opts.progress ?? silent;
  const { q, report } = readProject(opts.dir);
  const providerPub = parsePublicKey(opts.to);
  const nonce = parseNonce(opts.nonce);
  const arch = architectureOf(q);
  const { weightLimbs, biasLimbs } = modelLimbs(q);
  const commitment = modelCommitment(q);
  if (String(commitment) !== report.commitment) throw new ConsistencyError(`the project's model commitment ${report.commitment} is not its quantization's ${commitment}: transpile again`);
  const hunter = generateHunterKeyPair(); // fresh per hand-over (the Handover circuit's key range); its secret never leaves this process
  const w = handoverWitness({ weightLimbs, biasLimbs, archHash: archHash(arch), hunterSk: hunter.sk, providerPub, nonce });
  const out = path.join(opts.dir, 'handover');
  const sw = stopwatch('handover', err);
  const ms = { compile: 0, setup: 0, prove: 0, total: 0 };

  // the circuit for this model's limb counts; compiled and set up once, reused while it is the same
  const main = `pragma circom 2.2.3;\ninclude "handover.circom";\n\ncomponent main {public [${HANDOVER_PUBLIC_INPUTS.join(', ')}]} = Handover(${w.lw}, ${w.lb});\n`;
  const f = (n: string) => path.join(out, n);
  const reused = fs.existsSync(f('circuit.circom')) && readText(f('circuit.circom')) === main
    && ['circuit.r1cs', 'circuit.wasm', 'circuit.zkey', 'verification_key.json'].every((n) => fs.existsSync(f(n)));
  let r1cs: Uint8Array, wasm: Uint8Array, zkey: Uint8Array, vkey: unknown;
  if (reused) {
    sw.log(`reusing ${rel(out)}: Handover(${w.lw}, ${w.lb}) and its keys`);
    r1cs = readBytes(f('circuit.r1cs'), 'r1cs'); wasm = readBytes(f('circuit.wasm'), 'wasm'); zkey = readBytes(f('circuit.zkey'), 'zkey');
    vkey = readJson(f('verification_key.json'), 'verification key');
  } else {
    for (const n of ['circuit.zkey', 'verification_key.json', 'proof.json', 'public.json']) fs.rmSync(f(n), { force: true });
    sw.log(`circom 2 (--O2): Handover(${w.lw}, ${w.lb})…`);
    const c = await compileCircom({ main, files: await libraryFiles(main), wasmBytes: readBytes(require.resolve('circom2/circom.wasm'), 'circom compiler') });
    r1cs = c.r1cs; wasm = c.wasm;
    writeFile(f('circuit.circom'), main); writeFile(f('circuit.r1cs'), r1cs); writeFile(f('circuit.wasm'), wasm);
    ms.compile = sw.lap();
    sw.log('groth16 DEVELOPMENT keys (public dev-ptau secret + public beacon: NOT FOR VALUE)…');
    const counts = readR1csCounts(r1cs);
    const s = await devSetup({ r1cs, power: Math.max(powerRequirement('groth16', counts.nConstraints, counts.nPublic).power, 8) });
    zkey = s.zkey; vkey = s.vkey;
    writeFile(f('circuit.zkey'), zkey); writeJson(f('verification_key.json'), vkey);
    ms.setup = sw.lap();
  }
  const constraints = readR1csCounts(r1cs).nConstraints;
  sw.lap();
  sw.log(`groth16 proof (${int(constraints)} constraints)…`);
  const proof = await prove({ scheme: 'groth16', wasm, zkey, input: w.input });
  ms.prove = sw.lap();
  if (proof.publicSignals.length !== w.publicSignals.length || proof.publicSignals.some((x, i) => x !== w.publicSignals[i])) {
    throw new ConsistencyError('the circuit\'s public signals differ from the hand-over reference', { details: { circuit: proof.publicSignals, reference: w.publicSignals } });
  }
  if (!(await verify({ scheme: 'groth16', vkey, proof: proof.proof, publicSignals: proof.publicSignals }))) throw new ConsistencyError('the hand-over proof does not verify');
  const ct: CiphertextFile = {
    kind: CIPHERTEXT_KIND,
    ciphertext: w.ciphertext.map(String),
    hunterPub: [String(w.hunterPub[0]), String(w.hunterPub[1])],
    nonce: String(nonce),
    providerPub: [String(providerPub[0]), String(providerPub[1])],
    commitment: String(w.commitment), rho: String(w.rho), e: String(w.e),
    limbs: { weights: w.lw, biases: w.lb },
  };
  writeJson(f('proof.json'), proof.proof);
  writeJson(f('public.json'), proof.publicSignals);
  writeJson(f('ciphertext.json'), ct);
  writeJson(f('architecture.json'), arch);
  ms.total = sw.total();
  print(`hand-over of ${rel(opts.dir)}: Handover(${w.lw}, ${w.lb}), ${int(constraints)} constraints, ${w.ciphertext.length} ciphertext words; proof in ${seconds(ms.prove)}${reused ? '' : ` (compile ${seconds(ms.compile)}, setup ${seconds(ms.setup)})`}`);
  print(`model commitment: ${w.commitment}`);
  print(`hunter public key: ${formatPublicKey(w.hunterPub)}`);
  print(`nonce: ${nonce}`);
  print(`wrote ${['proof.json', 'public.json', 'ciphertext.json', 'architecture.json'].map((n) => rel(f(n))).join(', ')}`);
  print('DEVELOPMENT SETUP — NOT FOR VALUE: anyone can forge proofs for these keys (the ptau secret is public).');
  return { out, constraints, hunterPub: w.hunterPub, commitment: w.commitment, ciphertext: w.ciphertext, ms, reused };
}

export interface HandoverDecryptOptions extends Io {
  key: string;
  passphrase?: string;
  in: string;
  architecture: string;
  commitment: string;
  out: string;
}

function readCiphertextFile(file: string): { ciphertext: bigint[]; hunterPub: Point; nonce: bigint } {
  const j = readJson(file, 'ciphertext file') as Partial<CiphertextFile> | null;
  const bad = (what: string) => new DataError(`${file}: ${what}`, { details: { file } });
  if (!j || typeof j !== 'object') throw bad('not a JSON object');
  if (!Array.isArray(j.ciphertext) || !j.ciphertext.length || !j.ciphertext.every((x) => typeof x === 'string' && DEC.test(x))) throw bad('ciphertext must be a non-empty list of decimal strings');
  if (!Array.isArray(j.hunterPub) || j.hunterPub.length !== 2 || !j.hunterPub.every((x) => typeof x === 'string' && DEC.test(x))) throw bad('hunterPub must be two decimal strings');
  if (typeof j.nonce !== 'string' || !DEC.test(j.nonce)) throw bad('nonce must be a decimal string');
  return { ciphertext: j.ciphertext.map(BigInt), hunterPub: [BigInt(j.hunterPub[0]), BigInt(j.hunterPub[1])], nonce: BigInt(j.nonce) };
}

export interface HandoverDecryptResult { files: string[]; record: RebuildRecord }

export async function handoverDecryptCommand(opts: HandoverDecryptOptions): Promise<HandoverDecryptResult> {
  const print = opts.print ?? silent, err = opts.progress ?? silent;
  if (!DEC.test(opts.commitment)) throw new UsageError(`--commitment must be the bounty's model commitment as a decimal number, got ${JSON.stringify(opts.commitment.slice(0, 80))}`);
  const kp = await importKeyFile(readText(opts.key, 'key file'), passphraseOf(opts.passphrase, 'handover decrypt'));
  const { ciphertext, hunterPub, nonce } = readCiphertextFile(opts.in);
  const architecture = readJson(opts.architecture, 'architecture file');
  const sw = stopwatch('handover', err);
  sw.log('decrypting and checking the model commitment…');
  const { graph } = openAndRebuild({ ciphertext, providerSk: kp.sk, hunterPub, nonce, architecture, commitment: BigInt(opts.commitment) });
  const f = (n: string) => path.join(opts.out, n);
  writeFile(f('quantized-model.json'), `${serializeQGraph(graph)}\n`);
  print(`the decrypted weights open the commitment ${opts.commitment}; wrote ${rel(f('quantized-model.json'))} (the exact quantized graph)`);
  sw.log('rebuilding the float Keras model and transpiling it back…');
  const files = await rebuiltModelFiles(graph);
  writeFile(f('model.json'), files.modelJson);
  writeFile(f('weights.bin'), files.weightsBin);
  writeFile(f('model.h5'), files.h5);
  const t = files.record.transpile;
  print(`wrote ${['model.json', 'weights.bin', 'model.h5'].map((n) => rel(f(n))).join(', ')} in ${seconds(sw.total())}: ${files.floatModel.layers.map((l) => l.className).join(' → ')}`);
  print(`they transpile back to the same commitment with input range [${t.inputRange.join(', ')}], act bits ${t.actBits}, weight bits ${t.weightBits}, input bits ${t.inputBits}${t.raw ? ', raw logits' : ''} (recorded in both files)`);
  return { files: ['quantized-model.json', 'model.json', 'weights.bin', 'model.h5'].map(f), record: files.record };
}
