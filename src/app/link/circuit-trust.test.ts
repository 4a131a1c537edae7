/**
 * The share-link viewer's circuit trust, in Node (plain functions of ./circuit-trust.ts): the input mode
 * from the signal names, key comparison, which source makes a circuit known, the project lookup, the
 * size guard, and the rebuild: from a link's architecture it regenerates exactly the circuit the studio
 * compiled (comments aside) in each input mode, and compares the keys the workers hand back.
 */
import { describe, it, expect } from 'vitest';
import { circuitTrust, findProjectWithKey, inputModeOf, rebuildAndCompare, RebuildError, rebuildTooLarge, sameKey } from './circuit-trust.js';
import { transpileFiles } from '../../core/transpile-files.js';
import { architectureOfPlan } from '../../core/share/input-encoding.js';
import { tinyModelFiles } from '../../../tests/helpers/tiny-model.js';
import type { ProofLinkPayload } from '../../core/share/proof-link.js';
import type { ProjectSummary } from '../store/projects.js';

const KEY = { protocol: 'groth16', curve: 'bn128', nPublic: 3, vk_alpha_1: ['1', '2', '1'], IC: [['3', '4', '1']] };
/** without comments and blank lines: what circom compiles */
const code = (s: string) => s.replace(/\/\*[\s\S]*?\*\//g, '').split('\n').map((l) => l.replace(/\/\/.*$/, '').trimEnd()).filter((l) => l.trim()).join('\n');

describe('share links: which circuit', () => {
  it('input mode from the public-signal names', () => {
    expect(inputModeOf(['out', 'commitment', 'inputCommitment'])).toBe('hashed');
    expect(inputModeOf(['out', 'claim'])).toBe('hashed');
    expect(inputModeOf(['out', 'commitment', 'in[0]', 'in[1]'])).toBe('public');
    expect(inputModeOf(['out', 'commitment'])).toBe('private');
  });

  it('the same key whatever the order of its fields or a vk_alphabeta_12; another point is another key', () => {
    const reordered = { IC: KEY.IC, vk_alpha_1: KEY.vk_alpha_1, nPublic: 3, curve: 'bn128', protocol: 'groth16', vk_alphabeta_12: [['9']] };
    expect(sameKey(KEY, reordered)).toBe(true);
    expect(sameKey(KEY, { ...KEY, vk_alpha_1: ['1', '3', '1'] })).toBe(false);
  });

  it('known from a project first, then the chain, then a matching rebuild; otherwise a claim', () => {
    const chain = { status: 'registered' as const, chainId: 31337, registry: '0x01' as const, circuitId: '0x02' as const, owner: '0x03' as const };
    expect(circuitTrust({ id: 'p', name: 'tiny' }, chain, true)).toEqual({ kind: 'project', project: { id: 'p', name: 'tiny' } });
    expect(circuitTrust(undefined, chain)).toMatchObject({ kind: 'chain', circuitId: '0x02', owner: '0x03', chainId: 31337 });
    expect(circuitTrust(undefined, { status: 'not-registered', chainId: 1, registry: '0x01', circuitId: '0x02' }, true)).toEqual({ kind: 'rebuilt' });
    expect(circuitTrust(undefined, { status: 'unavailable', problem: 'not-configured', message: '' })).toEqual({ kind: 'claim' });
    expect(circuitTrust(undefined, undefined)).toEqual({ kind: 'claim' });
  });

  it('a project is found by its stored key (full snarkjs key or not); projects without a key are not read', async () => {
    const summary = (id: string, name: string, vkey: boolean) => ({ id, name, sizes: vkey ? { vkey: 100 } : {} }) as unknown as ProjectSummary;
    const read: string[] = [];
    const store = {
      list: async () => [summary('a', 'no key', false), summary('b', 'other', true), summary('c', 'tiny', true)],
      getArtifact: (async (id: string) => { read.push(id); return id === 'b' ? { ...KEY, IC: [['5', '6', '1']] } : { ...KEY, vk_alphabeta_12: [['7']] }; }) as never,
    };
    expect(await findProjectWithKey(store, KEY)).toEqual({ id: 'c', name: 'tiny' });
    expect(read).toEqual(['b', 'c']);
    expect(await findProjectWithKey(store, { ...KEY, nPublic: 4 })).toBeUndefined();
  });

  it('architectures too large for the page are refused before anything is built', () => {
    expect(rebuildTooLarge({ nodes: new Array(600).fill({}) })).toMatch(/600 layers/);
    expect(rebuildTooLarge({ nodes: [{ weights: { w: { shape: [3000, 3000] } } }] })).toMatch(/9,000,000 parameters/);
    expect(rebuildTooLarge({ nodes: [{ weights: { w: { shape: [3, 3] } } }] })).toBeUndefined();
  });

  for (const input of ['hashed', 'public', 'private'] as const) {
    it(`rebuild (${input} input): the circuit the studio compiled, regenerated from the link's architecture; the key compared`, async () => {
      const t = await transpileFiles(tinyModelFiles(), { input, inputRange: [0, 1] });
      const payload = {
        scheme: 'groth16', vkey: KEY,
        meta: { modelCommitment: '1', createdAt: '2026-01-01T00:00:00Z', publicSignalNames: t.publicSignals, architecture: architectureOfPlan(t.quantization) },
      } as unknown as ProofLinkPayload;
      let main = '';
      const stages: string[] = [];
      const compile = { compile: async (req: { main: string }) => { main = req.main; return { r1cs: new Uint8Array(8), wasm: new Uint8Array(), sym: '', messages: '' }; } };
      const same = { devSetup: async () => ({ vkey: { ...KEY, vk_alphabeta_12: [['1']] } }) } as never;
      const r = await rebuildAndCompare(payload, { compile: compile as never, snark: same }, { onProgress: (p) => { if (stages.at(-1) !== p.stage) stages.push(p.stage); } });
      expect(code(main)).toBe(code(t.source));
      expect(r).toMatchObject({ matches: true, input });
      expect(stages).toEqual(['generating', 'compiling', 'key', 'comparing']);
      const other = { devSetup: async () => ({ vkey: { ...KEY, IC: [['8', '9', '1']] } }) } as never;
      expect((await rebuildAndCompare(payload, { compile: compile as never, snark: other })).matches).toBe(false);
    });
  }

  it('no architecture, another scheme, or one ZKML cannot build: a RebuildError in plain words', async () => {
    const clients = { compile: { compile: async () => { throw new Error('not reached'); } }, snark: { devSetup: async () => { throw new Error('not reached'); } } } as never;
    const base = { scheme: 'groth16', vkey: KEY, meta: { modelCommitment: '1', createdAt: '2026-01-01T00:00:00Z', publicSignalNames: ['out', 'commitment'] } };
    await expect(rebuildAndCompare(base as never, clients)).rejects.toThrow(/carries no architecture/);
    await expect(rebuildAndCompare({ ...base, scheme: 'plonk', meta: { ...base.meta, architecture: { kind: 'zkml/architecture/v1' } } } as never, clients)).rejects.toThrow(/only Groth16/);
    const bad = rebuildAndCompare({ ...base, meta: { ...base.meta, architecture: { kind: 'zkml/architecture/v1', nodes: [] } } } as never, clients);
    await expect(bad).rejects.toBeInstanceOf(RebuildError);
    await expect(bad).rejects.toThrow(/ZKML cannot build a circuit from this architecture: the architecture/);
  });
});
