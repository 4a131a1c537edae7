/**
 * The proving studio's state: one project at a time, each step's result in its own signal (plain
 * objects, never Solid store proxies: they go to workers and IndexedDB as they are), saved to the
 * ProjectStore as the steps complete. A new result of a step clears the steps after it.
 */
import { createSignal, batch } from 'solid-js';
import type * as snarkjs from 'snarkjs';
import type { Services } from './context.js';
import type { ModelFile, TranspileFilesResult, TranspileOptions, VerifyResponse, Scheme } from './clients/index.js';
import type { ProjectSummary, Project, StoredProof, ProjectInput } from './store/projects.js';
import type { InputVisibility, WeightsVisibility } from '../core/codegen/index.js';
import { readR1csCounts, type R1csCounts } from './lib/r1cs-header.js';
import { errorMessage } from './lib/files.js';
import { inputDescriptorOfPlan } from '../core/share/input-encoding.js';

/**
 * A project's transpile options, kept with it. The model step's form edits `input`, `inputRange` and `weights`
 * (`public` makes a public model, its weights constants of the circuit, shown in every link; absent = private);
 * the rest are options the project was transpiled with that the form does not edit (e.g. a bounty's received
 * model: the ones that give the committed graph back), absent = the transpiler's defaults.
 */
export interface TranspileSettings extends Pick<TranspileOptions, 'actBits' | 'weightBits' | 'inputBits' | 'constBits' | 'raw'> {
  input: InputVisibility; inputRange: [number, number]; weights?: WeightsVisibility;
}

/** The settings the model step's form edits (the rest of `s` left out). */
export function formSettings(s: TranspileSettings): TranspileSettings {
  return { input: s.input, inputRange: [s.inputRange[0], s.inputRange[1]], ...(s.weights ? { weights: s.weights } : {}) };
}

/** What of `s` the form does not edit (the project's own options beyond the form), as [name, value] pairs. */
export function keptSettings(s: TranspileSettings): [keyof TranspileSettings, number | boolean][] {
  return (['actBits', 'weightBits', 'inputBits', 'constBits', 'raw'] as const).flatMap((k) => (s[k] === undefined ? [] : [[k, s[k]!] as [keyof TranspileSettings, number | boolean]]));
}

/**
 * The options the model step transpiles with. `again` (the open project's model, "Transpile again"): the
 * project's stored settings as the form left them, so only what the user changed changes (a received model
 * keeps its committed graph). Otherwise (a new model): the form's choices and the transpiler's defaults.
 */
export function studioTranspileOptions(s: TranspileSettings, again: boolean): TranspileOptions {
  const base = again ? s : formSettings(s);
  return { ...base, inputRange: [base.inputRange[0], base.inputRange[1]], weights: base.weights ?? 'private' };
}

export interface Compiled {
  r1cs: Uint8Array;
  wasm: Uint8Array;
  messages: string;
  counts: R1csCounts;
  ms: number;
  /** r1cs and wasm are in the project store (so they can be lent to a worker and read back if lost) */
  stored?: boolean;
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
  /** the zkey is in the project store */
  stored?: boolean;
}

/**
 * The input chosen in the prove step, kept with the project (so a reload shows it again): the values
 * the model takes, what is displayed and shared, and the model's view of an image.
 */
export interface ChosenInput {
  label: string;
  nested: unknown;
  /** for display and the share link: values × scale = the model input */
  display: { shape: number[]; data: number[]; scale?: number };
  /** the model's view of an image (gray, the model's input size) */
  preview?: { width: number; height: number; pixels: Uint8ClampedArray };
  trueLabel?: number;
  /** what was done to an image to fit the model ("64×64 reduced to 28×28") */
  resized?: string;
}

export interface ProofResult extends StoredProof {
  timings?: { witnessMs: number; proveMs: number; totalMs: number };
  verified?: VerifyResponse;
}

export type StepId = 'model' | 'circuit' | 'setup' | 'prove' | 'export' | 'share';

/** localStorage: the project the studio reopens after a reload (this browser's last open one). */
export const LAST_PROJECT_KEY = 'zkml:last-project';

/** Makes `id` the project the studio opens when it next mounts (see reopenLast); undefined forgets it. */
export function rememberProject(id: string | undefined): void {
  try { if (id) localStorage.setItem(LAST_PROJECT_KEY, id); else localStorage.removeItem(LAST_PROJECT_KEY); } catch { /* storage blocked: the newest project is reopened */ }
}

/** What the project keeps of a transpile result besides its source and quantization (the `extra.transpile` that `open` reads back). */
export function transpileExtra(t: TranspileFilesResult) {
  return { model: t.model, layers: t.layers, estimate: t.estimate, warnings: t.warnings, ptauPower: t.ptauPower, publicSignals: t.publicSignals, input: t.input, weights: t.weights ?? 'private' };
}

/**
 * A project as the studio saves it after the model step (model files, circuit source, quantization), in the
 * layout `open` reads back: how another page hands the studio a model (e.g. a bounty's received model).
 */
export function transpiledProjectInput(p: { id?: string; name: string; files: ModelFile[] | undefined; settings: TranspileSettings; transpiled: TranspileFilesResult; input?: ChosenInput }): ProjectInput {
  const t = p.transpiled;
  return {
    ...(p.id ? { id: p.id } : {}),
    name: p.name || t.model.name,
    model: { name: t.model.name, format: t.model.format, inputShape: t.model.inputShape },
    publicSignalNames: t.publicSignals,
    extra: { settings: p.settings, transpile: transpileExtra(t), input: p.input },
    artifacts: { modelFiles: p.files, circuitSource: t.source, quantization: t.quantization },
  };
}

export function createStudio(services: Services) {
  const [projectId, setProjectId] = createSignal<string>();
  const [name, setName] = createSignal('');
  const [files, setFiles] = createSignal<ModelFile[]>();
  const [settings, setSettings] = createSignal<TranspileSettings>({ input: 'hashed', inputRange: [0, 1] });
  const [transpiled, setTranspiled] = createSignal<TranspileFilesResult>();
  const [compiled, setCompiled] = createSignal<Compiled>();
  const [keys, setKeys] = createSignal<Keys>();
  const [proof, setProof] = createSignal<ProofResult>();
  const [input, setInput] = createSignal<ChosenInput>();
  /** bumped by every user action that picks what is open, so a late automatic reopen does not undo it */
  let generation = 0;
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
      transpile: t && transpileExtra(t),
      compile: c && { messages: c.messages, ms: c.ms },
      setup: k && { ptauLabel: k.ptauLabel, ptauPower: k.ptauPower, development: k.development, ms: k.ms },
      input: input(),
    };
  }

  /** The project to reopen after a reload (this browser's last open one). */
  const remember = rememberProject;
  const remembered = (): string | null => { try { return localStorage.getItem(LAST_PROJECT_KEY); } catch { return null; } };

  function newProject(modelFiles: ModelFile[], projectName: string) {
    generation++;
    batch(() => {
      setSettings(formSettings(settings())); // the last project's own options beyond the form are not the new model's
      setInput(undefined);
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
    batch(() => {
      // an input of the model's shape stays (a new range or visibility does not change what it is)
      const i = input();
      const size = (xs: number[]) => xs.reduce((a, b) => a * b, 1);
      if (i && size(i.display.shape) !== size(t.model.inputShape)) setInput(undefined);
      setTranspiled(t); setCompiled(undefined); setKeys(undefined); setProof(undefined);
    });
    const saved = await withStore((s) => s.put({
      ...transpiledProjectInput({ id: projectId(), name: name(), files: files(), settings: settings(), transpiled: t, input: input() }),
      extra: extra(),
    }));
    if (saved) { setProjectId(saved.id); remember(saved.id); }
    void refreshProjects();
  }

  /** Patches the open project; resolves true when the store took it. */
  async function patch(changes: Parameters<Awaited<ReturnType<Services['store']>>['patch']>[1]): Promise<boolean> {
    const id = projectId();
    if (!id) return false;
    const r = await withStore((s) => s.patch(id, changes));
    void refreshProjects();
    return r !== undefined;
  }

  async function saveCompiled(c: Compiled) {
    batch(() => { setCompiled(c); setKeys(undefined); setProof(undefined); });
    c.stored = await patch({ meta: { extra: extra() }, artifacts: { r1cs: c.r1cs, wasm: c.wasm, zkey: null, vkey: null, proofs: null, solidity: null } });
  }

  async function saveKeys(k: Keys) {
    batch(() => { setKeys(k); setProof(undefined); });
    k.stored = await patch({ meta: { scheme: k.scheme, ptauPower: k.ptauPower, extra: extra() }, artifacts: { zkey: k.zkey, vkey: k.vkey, proofs: null, solidity: null } });
  }

  async function saveProof(p: ProofResult) {
    setProof(p);
    const { timings: _t, verified: _v, ...stored } = p;
    await patch({ artifacts: { proofs: [stored] } });
  }

  /**
   * The input chosen in the prove step (undefined: none, or the last one failed). A new input makes the
   * proof of the previous one stale: it is dropped, here and in the store.
   */
  async function saveInput(c: ChosenInput | undefined) {
    const hadProof = !!proof();
    batch(() => { setInput(c); setProof(undefined); });
    await patch({ meta: { extra: extra() }, ...(hadProof ? { artifacts: { proofs: null } } : {}) });
  }

  /**
   * Lends big buffers of the open project to a worker job by transfer (no copy: one owner at a time).
   * `run(transfer)` gets whether to transfer; what the job hands back is put back with `restore`. If the
   * job fails (cancelled, crashed), the buffers went with the worker: they are read back from the store.
   * Unsaved buffers are copied, never lent.
   */
  async function lend<T>(names: ('r1cs' | 'wasm' | 'zkey')[], run: (transfer: boolean) => Promise<T>, restore: (r: T) => void): Promise<T> {
    const c = compiled(); const k = keys(); const id = projectId();
    const stored = (n: string) => (n === 'zkey' ? !!k?.stored : !!c?.stored);
    const transfer = !!id && names.every(stored);
    try {
      const r = await run(transfer);
      if (transfer) restore(r);
      return r;
    } catch (e) {
      if (transfer) await refill(id!, names, c, k);
      throw e;
    }
  }

  async function refill(id: string, names: ('r1cs' | 'wasm' | 'zkey')[], c: Compiled | undefined, k: Keys | undefined) {
    for (const n of names) {
      const holder = (n === 'zkey' ? k : c) as Record<string, unknown> | undefined;
      if (!holder || (holder[n] as Uint8Array).byteLength > 0) continue;
      const back = await withStore((s) => s.getArtifact(id, n));
      if (back) holder[n] = back;
    }
  }

  async function open(id: string, opts: { onlyIf?: number } = {}): Promise<string | undefined> {
    if (opts.onlyIf === undefined) generation++;
    else if (opts.onlyIf !== generation) return undefined;
    if (opts.onlyIf === undefined) {
      // whatever runs belongs to the project being left: stop it, so no late result lands in this one
      services.clients.cancelAll('another project was opened');
      services.predict.cancelAll('another project was opened');
    }
    const p: Project | undefined | null = await withStore((s) => s.get(id));
    if (opts.onlyIf !== undefined && opts.onlyIf !== generation) return undefined; // the user chose something meanwhile
    if (!p) return storageProblem() ?? 'that project is gone';
    remember(p.id);
    const a = p.artifacts;
    const x = (p.extra ?? {}) as ReturnType<typeof extra>;
    // a [0, 1] model transpiled before byte inputs (docs/PROTOCOL.md §3): its circuit reads the interval
    // encoding, this version would feed it bytes; keep the model and its proofs, drop the circuit
    const stale = staleInputEncoding(a.circuitSource, a.quantization);
    batch(() => {
      setProjectId(p.id);
      setName(p.name);
      setFiles(a.modelFiles);
      setSettings(x.settings ?? formSettings(settings())); // another project's own options never carry over
      setTranspiled(x.transpile && a.circuitSource && a.quantization ? { ...x.transpile, source: a.circuitSource, quantization: a.quantization } as TranspileFilesResult : undefined);
      let counts: R1csCounts | undefined;
      try { counts = a.r1cs && readR1csCounts(a.r1cs); } catch { counts = undefined; }
      setCompiled(a.r1cs && a.wasm && counts ? { r1cs: a.r1cs, wasm: a.wasm, counts, messages: x.compile?.messages ?? '', ms: x.compile?.ms ?? 0, stored: true } : undefined);
      setKeys(a.zkey && a.vkey && p.scheme ? {
        scheme: p.scheme, zkey: a.zkey, vkey: a.vkey,
        ptauLabel: x.setup?.ptauLabel ?? `power ${p.ptauPower ?? '?'}`, ptauPower: p.ptauPower ?? 0,
        development: x.setup?.development ?? false, ms: x.setup?.ms ?? 0, stored: true,
      } : undefined);
      setInput(x.input && typeof x.input === 'object' && 'nested' in x.input ? x.input : undefined);
      const last = a.proofs?.[a.proofs.length - 1];
      setProof(last ? { ...last } : undefined);
      if (stale) { setTranspiled(undefined); setCompiled(undefined); setKeys(undefined); }
    });
    return stale ? 'This project\'s circuit was made by an earlier version, which read [0, 1] inputs differently (now as 8-bit values, byte / 255). Transpile the model again in step 1.' : undefined;
  }

  /**
   * After a reload: reopens this browser's last project (or the newest), unless the user has already
   * opened or started one. Resolves with a problem to show, if any.
   */
  async function reopenLast(): Promise<string | undefined> {
    const g = generation;
    await refreshProjects();
    if (g !== generation || projectId()) return undefined;
    const list = projects();
    const want = remembered();
    const p = list.find((x) => x.id === want) ?? list[0];
    return p ? open(p.id, { onlyIf: g }) : undefined;
  }

  /** The user started something (a model dropped, a sample chosen): an automatic reopen must not replace it. */
  const touch = () => { generation++; };

  async function remove(id: string) {
    await withStore((s) => s.delete(id));
    if (projectId() === id) setProjectId(undefined);
    if (remembered() === id) remember(undefined);
    await refreshProjects();
  }

  return {
    projectId, name, setName, files, settings, setSettings, transpiled, compiled, keys, proof, setProof, input,
    projects, storageProblem, saving,
    newProject, saveTranspiled, saveCompiled, saveKeys, saveProof, saveInput, lend, open, reopenLast, touch, remove, refreshProjects,
  };
}

export type Studio = ReturnType<typeof createStudio>;

/** A stored circuit of a [0, 1] model from before byte inputs: its quantization now says bytes, its source reads an interval. */
export function staleInputEncoding(source: string | undefined, quantization: string | undefined): boolean {
  if (!source || !quantization) return false;
  try {
    return inputDescriptorOfPlan(quantization).encoding === 'u8' && !/\bByteInput(Commit)?\(/.test(source);
  } catch {
    return false;
  }
}
