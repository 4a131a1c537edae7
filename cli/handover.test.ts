/**
 * `zkml keys new`, `zkml handover encrypt` and `zkml handover decrypt` through the real command line
 * (`node bin/zkml.mjs …`) on the tiny model: the provider makes a key, the winner encrypts its
 * transpiled project to it with a Groth16 proof of the Handover circuit, the provider decrypts and
 * gets model.json, weights.bin and model.h5 that transpile back to the same model commitment.
 * Error paths: another key, a wrong passphrase, another commitment, a small-order provider key.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runZkml, type CliRun } from '../tests/helpers/cli.js';
import * as snarkjs from 'snarkjs';
import { writeTinyModel } from '../tests/helpers/tiny-model.js';
import { loadModel } from '../src/core/keras/load-model.js';
import { transpile } from '../src/core/transpile.js';
import { modelCommitment } from '../src/core/commit/model.js';
import { evalAt } from '../src/core/handover/handover.js';
import { HANDOVER_PUBLIC_SIGNALS } from '../src/circuits/handover.js';


type Run = CliRun;
const zkml = (...args: string[]): Promise<Run> => runZkml(args, { ZKML_PASSPHRASE: undefined });
const ok = (r: Run) => { expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0); return r; };
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8'));

let tmp: string, proj: string, commitment: string, providerPub: string;
const H = (n: string) => join(proj, 'handover', n);

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'zkml-handover-'));
  writeTinyModel(join(tmp, 'model'));
  proj = join(tmp, 'proj');
  ok(await zkml('transpile', join(tmp, 'model/model.json'), '-o', proj, '--input-range', '0,1'));
  commitment = json(join(proj, 'quantization.json')).report.commitment;
}, 300_000);
afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

describe('zkml keys / handover (tiny model)', () => {
  it('keys new writes a passphrase-protected key file and prints the public key; refuses to overwrite or to run without a passphrase', async () => {
    const r = ok(await zkml('keys', 'new', '-o', join(tmp, 'provider.json'), '--passphrase', 'pw', '--kdf-iterations', '10000'));
    const m = /public key: (\d+,\d+)/.exec(r.stdout);
    expect(m).not.toBeNull();
    providerPub = m![1];
    const file = json(join(tmp, 'provider.json'));
    expect(file.kind).toMatch(/babyjub/i);
    expect(file.publicKey.join(',')).toBe(providerPub);
    const again = await zkml('keys', 'new', '-o', join(tmp, 'provider.json'), '--passphrase', 'pw');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/FileError: .*exists/);
    const none = await zkml('keys', 'new', '-o', join(tmp, 'x.json'));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/UsageError: .*passphrase/);
    ok(await zkml('keys', 'new', '-o', join(tmp, 'other.json'), '--passphrase', 'pw', '--kdf-iterations', '10000'));
  }, 120_000);

  it('handover encrypt proves the hand-over; decrypt gives model.json, weights.bin, model.h5 that transpile to the same commitment', async () => {
    const r = ok(await zkml('handover', 'encrypt', proj, '--to', providerPub, '--nonce', '123456789'));
    expect(r.stdout).toMatch(/DEVELOPMENT SETUP — NOT FOR VALUE/);
    for (const n of ['proof.json', 'public.json', 'ciphertext.json', 'architecture.json', 'verification_key.json', 'circuit.zkey']) expect(existsSync(H(n)), n).toBe(true);
    const pub = json(H('public.json')) as string[];
    const ct = json(H('ciphertext.json'));
    const at = (k: (typeof HANDOVER_PUBLIC_SIGNALS)[number]) => pub[HANDOVER_PUBLIC_SIGNALS.indexOf(k)];
    expect(at('commitment')).toBe(commitment);
    expect([at('providerPubX'), at('providerPubY')].join(',')).toBe(providerPub);
    expect(at('nonce')).toBe('123456789');
    expect([at('hunterPubX'), at('hunterPubY')]).toEqual(ct.hunterPub);
    // the contract's fingerprint of the posted ciphertext is what the proof carries
    const { rho, e } = evalAt(ct.ciphertext.map(BigInt));
    expect([at('rho'), at('e')]).toEqual([String(rho), String(e)]);
    expect(await snarkjs.groth16.verify(json(H('verification_key.json')), pub, json(H('proof.json')))).toBe(true);

    const out = join(tmp, 'out');
    const args = ['--key', join(tmp, 'provider.json'), '--passphrase', 'pw', '--in', H('ciphertext.json'), '--architecture', H('architecture.json')];
    const d = ok(await zkml('handover', 'decrypt', ...args, '--commitment', commitment, '-o', out));
    expect(d.stdout).toMatch(/same commitment/);
    const record = json(join(out, 'model.json')).userDefinedMetadata.zkml;
    expect(record.commitment).toBe(commitment);
    for (const files of [
      [{ name: 'model.h5', bytes: new Uint8Array(readFileSync(join(out, 'model.h5'))) }],
      ['model.json', 'weights.bin'].map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(join(out, n))) })),
    ]) {
      expect(String(modelCommitment(transpile(await loadModel(files), record.transpile).q))).toBe(commitment);
    }
    expect(existsSync(join(out, 'quantized-model.json'))).toBe(true);

    // refusals, each a typed error and exit code 2
    const bad = async (extra: string[], re: RegExp) => {
      const x = await zkml('handover', 'decrypt', ...extra, '-o', join(tmp, 'bad'));
      expect(x.code, x.stderr).toBe(2);
      expect(x.stderr).toMatch(re);
    };
    await bad([...args, '--commitment', String(BigInt(commitment) + 1n)], /CommitmentMismatchError/);
    await bad(['--key', join(tmp, 'other.json'), ...args.slice(2), '--commitment', commitment], /WrongKeyError/);
    await bad([...args.slice(0, 3), 'pW', ...args.slice(4), '--commitment', commitment], /WrongPassphraseError/);
    expect(existsSync(join(tmp, 'bad', 'model.h5'))).toBe(false);
  }, 600_000);

  it('a second hand-over reuses the compiled circuit and keys, with a fresh hunter key; a small-order provider key is refused', async () => {
    const before = json(H('ciphertext.json'));
    const r = ok(await zkml('handover', 'encrypt', proj, '--to', providerPub));
    expect(r.stderr).toMatch(/reusing/);
    const after = json(H('ciphertext.json'));
    expect(after.hunterPub).not.toEqual(before.hunterPub);
    expect(after.ciphertext).not.toEqual(before.ciphertext);
    const small = await zkml('handover', 'encrypt', proj, '--to', '0,1');
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(/InvalidKeyError/);
  }, 300_000);
});
