/**
 * The proving studio's state: one project at a time, each step's result in its own signal (plain
 * objects, never Solid store proxies: they go to workers and IndexedDB as they are), saved to the
 * ProjectStore as the steps complete. A new result of a step clears the steps after it.
 */
import { createSignal, batch } from 'solid-js';
import type * as snarkjs from 'snarkjs';
import type { Services } from './context.js';
import type { ModelFile, TranspileFilesResult, VerifyResponse, Scheme } from './clients/index.js';
import type { ProjectSummary, Project, StoredProof } from './store/projects.js';
import type { InputVisibility } from '../core/codegen/index.js';
import { readR1csCounts, type R1csCounts } from './lib/r1cs-header.js';
import { errorMessage } from './lib/files.js';

export interface TranspileSettings { input: InputVisibility; inputRange: [number, number] }

export interface Compiled {
  r1cs: Uint8Array;
  wasm: Uint8Array;
  messages: string;
  counts: R1csCounts;
  ms: number;
}

export interface Keys {
  scheme: Scheme;
  zkey: Uint8Array;
  vkey: snarkjs.VerificationKey;
  /** e.g. "pot12_dev.ptau (development)" */
  ptauLabel: string;
  ptauPower: number;
  development: boolean;
  ms: number;
}

export interface ProofResult extends StoredProof {
  timings?: { witnessMs: number; proveMs: number; totalMs: number };
  verified?: VerifyResponse;
}

export type StepId = 'model' | 'circuit' | 'setup' | 'prove' | 'export' | 'share';

export function createStudio(services: Services) {
  const [projectId, setProjectId] = createSignal<string>();
  const [name, setName] = createSignal('');
  const [files, setFiles] = createSignal<ModelFile[]>();
  const [settings, setSettings] = createSignal<TranspileSettings>({ input: 'hashed', inputRange: [0, 1] });
  const [transpiled, setTranspiled] = createSignal<TranspileFilesResult>();
  const [compiled, setCompiled] = createSignal<Compiled>();
  const [keys, setKeys] = createSignal<Keys>();
  const [proof, setProof] = createSignal<ProofResult>();
  const [projects, setProjects] = createSignal<ProjectSummary[]>([]);
  const [storageProblem, setStorageProblem] = createSignal<string>();
  const [saving, setSaving] = createSignal(false);

  /** Runs a store operation; a failure is shown (storageProblem), never thrown: the studio works without storage. */
  async function withStore<T>(f: (s: Awaited<ReturnType<Services['store']>>) => Promise<T>): Promise<T | undefined> {
    setSaving(true);
    try {
      const r = await f(await services.store());
      setStorageProblem(undefined);
      return r;
    } catch (e) {
      setStorageProblem(errorMessage(e));
      return undefined;
    } finally {
      setSaving(false);
    }
  }

  const refreshProjects = async () => { const l = await withStore((s) => s.list()); if (l) setProjects(l); };

  function extra() {
    const t = transpiled();
    const c = compiled();
    const k = keys();
    return {
      settings: settings(),
      transpile: t && { model: t.model, layers: t.layers, estimate: t.estimate, warnings: t.warnings, ptauPower: t.ptauPower, publicSignals: t.publicSignals, input: t.input },
      compile: c && { messages: c.messages, ms: c.ms },
      setup: k && { ptauLabel: k.ptauLabel, ptauPower: k.ptauPower, development: k.development, ms: k.ms },
    };
  }

  function newProject(modelFiles: ModelFile[], projectName: string) {
    batch(() => {
      setProjectId(undefined);
      setName(projectName);
      setFiles(modelFiles);
      setTranspiled(undefined);
      setCompiled(undefined);
      setKeys(undefined);
      setProof(undefined);
    });
  }

  async function saveTranspiled(t: TranspileFilesResult) {
    batch(() => { setTranspiled(t); setCompiled(undefined); setKeys(undefined); setProof(undefined); });
    const saved = await withStore((s) => s.put({
      ...(projectId() ? { id: projectId() } : {}),
      name: name() || t.model.name,
      model: { name: t.model.name, format: t.model.format, inputShape: t.model.inputShape },
      publicSignalNames: t.publicSignals,
      extra: extra(),
      artifacts: { modelFiles: files(), circuitSource: t.source, quantization: t.quantization },
    }));
    if (saved) setProjectId(saved.id);
    void refreshProjects();
  }

  async function patch(changes: Parameters<Awaited<ReturnType<Services['store']>>['patch']>[1]) {
    const id = projectId();
    if (!id) return;
    await withStore((s) => s.patch(id, changes));
    void refreshProjects();
  }

  async function saveCompiled(c: Compiled) {
    batch(() => { setCompiled(c); setKeys(undefined); setProof(undefined); });
    await patch({ meta: { extra: extra() }, artifacts: { r1cs: c.r1cs, wasm: c.wasm, zkey: null, vkey: null, proofs: null, solidity: null } });
  }

  async function saveKeys(k: Keys) {
    batch(() => { setKeys(k); setProof(undefined); });
    await patch({ meta: { scheme: k.scheme, ptauPower: k.ptauPower, extra: extra() }, artifacts: { zkey: k.zkey, vkey: k.vkey, proofs: null, solidity: null } });
  }

  async function saveProof(p: ProofResult) {
    setProof(p);
    const { timings: _t, verified: _v, ...stored } = p;
    await patch({ artifacts: { proofs: [stored] } });
  }

  async function open(id: string): Promise<string | undefined> {
    // whatever runs belongs to the project being left: stop it, so no late result lands in this one
    services.clients.cancelAll('another project was opened');
    services.predict.cancelAll('another project was opened');
    const p: Project | undefined | null = await withStore((s) => s.get(id));
    if (!p) return storageProblem() ?? 'that project is gone';
    const a = p.artifacts;
    const x = (p.extra ?? {}) as ReturnType<typeof extra>;
    batch(() => {
      setProjectId(p.id);
      setName(p.name);
      setFiles(a.modelFiles);
      if (x.settings) setSettings(x.settings);
      setTranspiled(x.transpile && a.circuitSource && a.quantization ? { ...x.transpile, source: a.circuitSource, quantization: a.quantization } as TranspileFilesResult : undefined);
      let counts: R1csCounts | undefined;
      try { counts = a.r1cs && readR1csCounts(a.r1cs); } catch { counts = undefined; }
      setCompiled(a.r1cs && a.wasm && counts ? { r1cs: a.r1cs, wasm: a.wasm, counts, messages: x.compile?.messages ?? '', ms: x.compile?.ms ?? 0 } : undefined);
      setKeys(a.zkey && a.vkey && p.scheme ? {
        scheme: p.scheme, zkey: a.zkey, vkey: a.vkey,
        ptauLabel: x.setup?.ptauLabel ?? `power ${p.ptauPower ?? '?'}`, ptauPower: p.ptauPower ?? 0,
        development: x.setup?.development ?? false, ms: x.setup?.ms ?? 0,
      } : undefined);
      const last = a.proofs?.[a.proofs.length - 1];
      setProof(last ? { ...last } : undefined);
    });
    return undefined;
  }

  async function remove(id: string) {
    await withStore((s) => s.delete(id));
    if (projectId() === id) setProjectId(undefined);
    await refreshProjects();
  }

  return {
    projectId, name, setName, files, settings, setSettings, transpiled, compiled, keys, proof, setProof,
    projects, storageProblem, saving,
    newProject, saveTranspiled, saveCompiled, saveKeys, saveProof, open, remove, refreshProjects,
  };
}

export type Studio = ReturnType<typeof createStudio>;
