/**
 * Auditing a bounty's circuits (./audit.ts) on a real anvil with the tiny model's architecture (B = 3, K = 2):
 * the provider generates, compiles and sets up (development keys, NOT FOR VALUE) the reveal, accuracy and
 * hand-over circuits, registers them and creates the bounty; the hunter reads the terms back from the chain,
 * regenerates every circuit from the architecture and the terms, recompiles it and finds each registered key
 * equal to its own. A bounty pinning another accuracy circuit (the stand-in of tests/helpers/bounty.ts) is
 * reported `other-key`, an unregistered id `not-registered`. Compiles go through the circuit harness's disk
 * cache and setups through tests/helpers/dev-keys.ts's (the reveal and hand-over sources are the bounty
 * protocol test's own, so either file pays for them once).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import * as snarkjs from 'snarkjs';
import type { Address, Hex } from 'viem';
import { compileSource } from '../../circuits/test/harness.js';
import { registerCircuit } from '../../chain/register-circuit.js';
import { createBounty } from '../../chain/create-bounty.js';
import { getBounty } from '../../chain/get-bounty.js';
import type { BountyTerms } from '../../chain/bounty-calldata.js';
import { loadModel } from '../../core/keras/load-model.js';
import { transpile } from '../../core/transpile.js';
import { architectureOf, type Architecture } from '../../core/commit/architecture.js';
import { generateKeyPair } from '../../core/handover/keys.js';
import { startBountyChain, standIn, accuracyStandInSource, type BountyChain } from '../../../tests/helpers/bounty.js';
import { tinyModelFiles } from '../../../tests/helpers/tiny-model.js';
import { devKey } from '../../../tests/helpers/dev-keys.js';
import { auditBountyCircuits, auditError, bountyAuditTargets, describeAudit, readRegisteredKey, BountyAuditError, type AuditDeps, type BountyAudit } from './audit.js';
import { accuracyPlanOf, bountySources, revealSource } from './circuits.js';
import { testBatchElements } from '../../core/testset/index.js';
import { ZkmlError } from '../../core/errors.js';

const B = 3, K = 2;
const ZERO = `0x${'00'.repeat(32)}` as Hex;

describe('auditing a bounty\'s circuits (tiny architecture, real anvil)', () => {
  let chain: BountyChain;
  let arch: Architecture;
  const setups = new Map<string, Promise<{ vkey: snarkjs.VerificationKey }>>();
  let deps: AuditDeps;

  beforeAll(async () => {
    chain = await startBountyChain();
    arch = architectureOf(transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] }).q);
    deps = {
      compile: async (source) => {
        const c = await compileSource(source, 'audit');
        return { r1cs: new Uint8Array(fs.readFileSync(path.join(c.dir, 'circuit.r1cs'))) };
      },
      devSetup: (r1cs) => {
        const h = createHash('sha256').update(r1cs).digest('hex');
        let p = setups.get(h);
        if (!p) { p = devKey(r1cs).then(async (zkey) => ({ vkey: (await snarkjs.zKey.exportVerificationKey(zkey)) as snarkjs.VerificationKey })); setups.set(h, p); }
        return p;
      },
      registeredKey: (id) => readRegisteredKey(chain.pub, chain.registry, id),
    };
  });

  afterAll(async () => {
    await chain?.anvil.stop();
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  });

  it('every registered key equals the recompiled one; another circuit and an unregistered id are reported', async () => {
    const [provider] = chain.accounts as [Address];
    const wallet = chain.wallet(provider);
    // the provider: the same generation, compiled and set up, registered
    const draft = bountyAuditTargets([arch], { batchSize: B, n: B * K, revealCircuitId: ZERO, accuracyCircuitIds: [ZERO], handoverCircuitIds: [ZERO] });
    expect(draft.map((t) => t.role)).toEqual(['reveal', 'accuracy', 'handover']);
    const ids: Record<string, Hex> = {};
    for (const t of draft) {
      const { vkey } = await deps.devSetup((await deps.compile(t.source)).r1cs);
      const r = await registerCircuit(wallet, { registry: chain.registry, scheme: 'groth16', vkey });
      ids[t.role] = r.circuitId;
    }
    const other = await standIn('audit-standin', accuracyStandInSource(1));
    await registerCircuit(wallet, { registry: chain.registry, scheme: 'groth16', vkey: other.vkey });

    const t0 = (await chain.pub.getBlock()).timestamp;
    const key = generateKeyPair(new Uint8Array(32).fill(9));
    const terms = (acc: Hex): BountyTerms => ({
      provider, reward: 1_000_000n, bond: 100_000n, stake: 10_000n, testRoot: 12345n, n: B * K, batchSize: B, sampleBytes: 9, classes: 3,
      threshold: 4, commitDeadline: t0 + 1000n, revealDeadline: t0 + 2000n, proveDeadline: t0 + 3000n, handoverDeadline: t0 + 4000n,
      providerPubX: key.pub[0], providerPubY: key.pub[1],
      revealCircuitId: ids.reveal, accuracyCircuitIds: [acc], handoverCircuitIds: [ids.handover],
    });
    const honest = await createBounty(wallet, { manager: chain.manager, terms: terms(ids.accuracy), datasetCid: '' });
    const swapped = await createBounty(wallet, { manager: chain.manager, terms: terms(other.circuitId), datasetCid: '' });

    // the hunter: terms from the chain, circuits regenerated from the architecture
    const onChain = (await getBounty(chain.pub, { manager: chain.manager, bountyId: honest.bountyId }))!.terms;
    const progress: string[] = [];
    const report = await auditBountyCircuits(bountyAuditTargets([arch], onChain), { ...deps, onProgress: (i, s) => progress.push(`${i}:${s}`) });
    expect(report.circuits.map((c) => [c.role, c.ok, c.reason])).toEqual([['reveal', true, undefined], ['accuracy', true, undefined], ['handover', true, undefined]]);
    expect(report.ok).toBe(true);
    for (const c of report.circuits) expect(c.recompiledId).toBe(c.registeredId);
    expect(report.circuits.every((c) => (c.constraints ?? 0) > 0)).toBe(true);
    expect(progress.filter((p) => p.endsWith('compare'))).toHaveLength(3);

    const bad = await auditBountyCircuits(bountyAuditTargets([arch], (await getBounty(chain.pub, { manager: chain.manager, bountyId: swapped.bountyId }))!.terms), deps);
    expect(bad.ok).toBe(false);
    expect(bad.circuits.map((c) => [c.role, c.ok, c.reason])).toEqual([['reveal', true, undefined], ['accuracy', false, 'other-key'], ['handover', true, undefined]]);
    expect(bad.circuits[1].message).toMatch(/not the development key of the circuit regenerated/);

    const missing = await auditBountyCircuits(bountyAuditTargets([arch], { ...onChain, handoverCircuitIds: [`0x${'ab'.repeat(32)}`] }), deps);
    expect(missing.circuits[2]).toMatchObject({ role: 'handover', ok: false, reason: 'not-registered' });

    const broken = await auditBountyCircuits([{ role: 'accuracy', architecture: 0, circuitId: ids.accuracy, source: 'pragma circom 2.2.3;\ncomponent main = Nope();\n' }], deps);
    expect(broken.circuits[0]).toMatchObject({ ok: false, reason: 'compile-failed' });
  });
});

describe('the audit\'s targets and report in words (no chain)', () => {
  const ids = (b: string) => `0x${b.repeat(32)}` as Hex;
  const arch = async () => architectureOf(transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] }).q);

  it('targets are the bounty page\'s own sources (circuits.ts), so its compiled-circuit cache is shared', async () => {
    const a = await arch();
    const t = bountyAuditTargets([a], { batchSize: B, n: B * K, revealCircuitId: ids('01'), accuracyCircuitIds: [ids('02')], handoverCircuitIds: [ids('03')] });
    const src = bountySources(a, { B, K });
    expect(t.map((x) => [x.role, x.architecture, x.circuitId])).toEqual([['reveal', -1, ids('01')], ['accuracy', 0, ids('02')], ['handover', 0, ids('03')]]);
    expect(t.map((x) => x.source)).toEqual([revealSource(K, testBatchElements(B, src.acc.S)), src.accuracy, src.handover]);
    // no architecture published: nothing to regenerate
    expect(bountyAuditTargets([], { batchSize: B, n: B * K, revealCircuitId: ids('01'), accuracyCircuitIds: [], handoverCircuitIds: [] })).toEqual([]);
  });

  it('the model\'s own accuracy source differs from the architecture\'s in comments only (the hunter compiles the architecture\'s, sharing the audit\'s build)', async () => {
    const q = transpile(await loadModel(tinyModelFiles()), { inputRange: [0, 1] }).q;
    const own = accuracyPlanOf(q, { B, K }).acc.source;
    const fromArch = bountyAuditTargets([architectureOf(q)], { batchSize: B, n: B * K, revealCircuitId: ids('01'), accuracyCircuitIds: [ids('02')], handoverCircuitIds: [] })[1]!.source;
    const code = (src: string) => src.split('\n').map((l) => l.replace(/\/\/.*$/, '').trimEnd()).join('\n');
    expect(own).not.toBe(fromArch);
    expect(code(own)).toBe(code(fromArch));
  });

  it('describeAudit: a verdict and plain words per circuit; auditError: a typed error unless all match', async () => {
    const c = (role: 'reveal' | 'accuracy' | 'handover', ok: boolean, reason?: 'other-key' | 'compile-failed' | 'not-registered') => ({
      role, architecture: role === 'reveal' ? -1 : 0, registeredId: ids('0a'), recompiledId: ids(ok ? '0a' : '0b'), ok, ...(reason ? { reason } : {}), message: `m-${role}`, constraints: 1234, ms: 5,
    });
    const good: BountyAudit = { ok: true, circuits: [c('reveal', true), c('accuracy', true), c('handover', true)] };
    const lines = describeAudit(good);
    expect(lines.map((l) => [l.title, l.verdict])).toEqual([['Reveal circuit', 'match'], ['Accuracy circuit', 'match'], ['Hand-over circuit', 'match']]);
    expect(lines[1].headline).toMatch(/^Matches: the bounty uses exactly this circuit/);
    expect(lines[1].checked).toMatch(/compiled here \(1,234 constraints\)/);
    expect(auditError(good)).toBeUndefined();

    const bad: BountyAudit = { ok: false, circuits: [c('reveal', true), c('accuracy', false, 'other-key'), c('handover', false, 'compile-failed')] };
    expect(describeAudit(bad, 2).map((l) => [l.title, l.verdict])).toEqual([['Reveal circuit', 'match'], ['Accuracy circuit (architecture 1)', 'mismatch'], ['Hand-over circuit (architecture 1)', 'unchecked']]);
    expect(describeAudit(bad)[1].headline).toMatch(/registered key is not the one recompiled here/);
    const e = auditError(bad)!;
    expect(e).toBeInstanceOf(BountyAuditError);
    expect(e).toBeInstanceOf(ZkmlError);
    expect(e.name).toBe('BountyAuditError');
    expect(e.message).toMatch(/accuracy circuit, hand-over circuit are not what its published architecture and terms give\. Do not commit/);
    expect(e.details.mismatch).toBe(true);
    expect(e.details.failed).toEqual([
      { role: 'accuracy', architecture: 0, reason: 'other-key', registeredId: ids('0a'), recompiledId: ids('0b'), message: 'm-accuracy' },
      { role: 'handover', architecture: 0, reason: 'compile-failed', registeredId: ids('0a'), recompiledId: ids('0b'), message: 'm-handover' },
    ]);
    // only circuits that could not be built: not a mismatch, said so
    expect(auditError({ ok: false, circuits: [c('reveal', false, 'compile-failed')] })).toMatchObject({ message: expect.stringMatching(/could not be checked in this browser/), details: { mismatch: false } });
    expect(auditError({ ok: false, circuits: [] })!.message).toMatch(/publishes no architecture/);
  });

  it('a build dependency (the page\'s cache) replaces compile + setup; a cached build still reports progress', async () => {
    const a = await arch();
    const targets = bountyAuditTargets([a], { batchSize: B, n: B * K, revealCircuitId: ids('01'), accuracyCircuitIds: [ids('02')], handoverCircuitIds: [ids('03')] });
    const progress: string[] = [];
    const unused = () => Promise.reject(new Error('compile/devSetup must not be called with build'));
    // a build that fails in its setup stage is reported setup-failed; registeredKey is never asked for it
    const asked: Hex[] = [];
    const r = await auditBountyCircuits(targets, {
      compile: unused, devSetup: unused,
      build: async (t, onStage) => { if (t.role === 'reveal') return Promise.reject(new Error('cached failure')); onStage('compile'); onStage('setup'); throw new Error('no ptau'); },
      registeredKey: async (id) => { asked.push(id); return null; },
      onProgress: (i, s) => progress.push(`${i}:${s}`),
    });
    expect(r.circuits.map((x) => [x.role, x.reason])).toEqual([['reveal', 'compile-failed'], ['accuracy', 'setup-failed'], ['handover', 'setup-failed']]);
    expect(r.circuits[1].message).toMatch(/could not be set up here: no ptau/);
    expect(progress).toEqual(['0:compile', '1:compile', '1:setup', '2:compile', '2:setup']);
    expect(asked).toEqual([]);
  });
});
