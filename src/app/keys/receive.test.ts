/**
 * The Keys page's receive logic in Node: hand-over files told apart by content, the commitment parsed,
 * receiveModel on the tiny model (decrypt → check → rebuild), and every refusal worded for people.
 */
import { describe, expect, it } from 'vitest';
import { classifyHandoverFile, parseCommitment, plainError, receiveModel, HandoverFileError } from './receive.js';
import { tinyModelFiles } from '../../../tests/helpers/tiny-model.js';
import { loadModel } from '../../core/keras/load-model.js';
import { transpile } from '../../core/transpile.js';
import { modelCommitment, modelLimbs } from '../../core/commit/model.js';
import { architectureOf } from '../../core/commit/architecture.js';
import { encryptModel } from '../../core/handover/handover.js';
import { generateKeyPair, importKeyFile, exportKeyFile } from '../../core/handover/keys.js';

describe('Keys page: receive a handed-over model', () => {
  it('classifies ciphertext.json and architecture.json by content; refuses anything else in plain words', () => {
    expect(() => classifyHandoverFile('x.json', '{nope')).toThrow(HandoverFileError);
    expect(() => classifyHandoverFile('x.json', '{"a":1}')).toThrow(/neither a hand-over ciphertext/);
    expect(() => classifyHandoverFile('c.json', JSON.stringify({ kind: 'zkml/handover-ciphertext/v1', ciphertext: ['1'], hunterPub: ['1'], nonce: '1' }))).toThrow(/hunterPub/);
    const c = classifyHandoverFile('c.json', JSON.stringify({ kind: 'zkml/handover-ciphertext/v1', ciphertext: ['1', '2'], hunterPub: ['3', '4'], nonce: '5', commitment: '6' }));
    expect(c).toEqual({ kind: 'ciphertext', value: { ciphertext: [1n, 2n], hunterPub: [3n, 4n], nonce: 5n, providerPub: undefined, commitment: '6' } });
    expect(classifyHandoverFile('a.json', JSON.stringify({ kind: 'zkml/architecture/v1', nodes: [] })).kind).toBe('architecture');
    expect(parseCommitment(' 0x10 ')).toBe(16n);
    expect(parseCommitment('123')).toBe(123n);
    expect(() => parseCommitment('12a')).toThrow(HandoverFileError);
  });

  it('receives the tiny model; another key, another commitment and a wrong passphrase are worded for people', async () => {
    const { q } = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] });
    const commitment = modelCommitment(q);
    const { weightLimbs, biasLimbs } = modelLimbs(q);
    const provider = generateKeyPair(), hunter = generateKeyPair();
    const nonce = 42n;
    const ct = { ciphertext: encryptModel([...weightLimbs, ...biasLimbs], provider.pub, hunter.sk, nonce), hunterPub: hunter.pub, nonce };
    const architecture = JSON.parse(JSON.stringify(architectureOf(q)));
    const r = await receiveModel({ key: provider, ct, architecture, commitment });
    expect(r.record.commitment).toBe(String(commitment));
    expect(r.layers).toEqual(['Flatten', 'Dense', 'Dense']);
    const back = transpile(await loadModel([{ name: 'model.h5', bytes: r.h5 }]), r.record.transpile).q;
    expect(modelCommitment(back)).toBe(commitment);

    const err = async (p: Promise<unknown>) => { try { await p; } catch (e) { return plainError(e); } throw new Error('no error'); };
    const wrongKey = await err(receiveModel({ key: generateKeyPair(), ct, architecture, commitment }));
    expect(wrongKey).toMatchObject({ name: 'WrongKeyError', title: 'This model was not encrypted to this key' });
    expect(wrongKey.technical).toMatch(/^WrongKeyError: /);
    expect(await err(receiveModel({ key: provider, ct, architecture, commitment: commitment + 1n }))).toMatchObject({ name: 'CommitmentMismatchError', title: 'Not the committed model' });
    expect(await err(receiveModel({ key: provider, ct: { ...ct, ciphertext: ct.ciphertext.slice(1) }, architecture, commitment }))).toMatchObject({ name: 'HandoverDataError' });
    const file = await exportKeyFile(provider, 'a long passphrase', { iterations: 10_000 });
    expect(await err(importKeyFile(file, 'another passphrase'))).toMatchObject({ name: 'WrongPassphraseError', title: 'Wrong passphrase' });
    expect(await err(importKeyFile('{}', 'x'))).toMatchObject({ name: 'BadKeyFileError', title: 'Not a ZKML key file' });
  });
});
