/**
 * Web worker: compile circom in the browser. A thin comlink entry over `compileCircom`
 * (src/zk/circom.ts): circom.wasm is fetched from the app (a Vite asset) and compiled once per
 * worker; library sources come from the bundle (src/zk/circom-library.ts), only those the main
 * source's includes reach. Output buffers are transferred, not copied.
 *
 *   const api = Comlink.wrap<CompileWorker>(new Worker(new URL('../workers/compile.worker.ts', import.meta.url), { type: 'module' }));
 *   try { const { r1cs, wasm, sym } = await api.compile({ main }, Comlink.proxy((l) => log(l))); }
 *   catch (e) { throw reviveCircomError(e); } // a CircomCompileError again, with details
 */
import * as Comlink from 'comlink';
import circomWasmUrl from 'circom2/circom.wasm?url';
import { compileCircom, collectIncludes, type CompileCircomResult, type CircomOptimization } from '../src/zk/circom.js';
import { readLibraryFile } from '../src/zk/circom-library.js';
import { watToWasm } from '../src/zk/circom-wat.js';

export interface CompileRequest {
  /** The main circom source. */
  main: string;
  /** Extra or overriding sources by include path; everything else comes from the bundled library. */
  files?: Record<string, string>;
  optimization?: CircomOptimization;
  flags?: { r1cs?: boolean; wasm?: boolean; sym?: boolean; wat?: boolean };
}

let circomModule: Promise<WebAssembly.Module> | undefined;

function loadCircom(): Promise<WebAssembly.Module> {
  circomModule ??= (async () => {
    const res = await fetch(circomWasmUrl);
    if (!res.ok) throw new Error(`fetching circom.wasm failed: HTTP ${res.status}`);
    if (res.headers.get('content-type')?.startsWith('application/wasm')) return WebAssembly.compileStreaming(res);
    return WebAssembly.compile(await res.arrayBuffer());
  })();
  circomModule.catch(() => { circomModule = undefined; });
  return circomModule;
}

const api = {
  /** Fetch and compile circom.wasm ahead of the first compile. */
  async warmup(): Promise<void> {
    await loadCircom();
  },

  /**
   * Compile; rejects with the compiler's plain-text output (revive it with `reviveCircomError`).
   * `onMessage` (a `Comlink.proxy`) gets every compiler line before the call settles.
   */
  async compile(req: CompileRequest, onMessage?: (line: string) => unknown): Promise<CompileCircomResult> {
    // A proxied callback travels on its own channel: wait for every delivery before settling,
    // so the caller has all the lines when the result (or the error) arrives.
    const delivered: unknown[] = [];
    const send = onMessage && ((line: string) => { delivered.push(onMessage(line)); });
    try {
      const extra = req.files ?? {};
      const [wasmBytes, files] = await Promise.all([
        loadCircom(),
        collectIncludes(req.main, (key) => (key in extra ? extra[key] : readLibraryFile(key))),
      ]);
      const result = await compileCircom({
        main: req.main, files: { ...extra, ...files }, wasmBytes,
        optimization: req.optimization, flags: req.flags, onMessage: send,
      });
      return Comlink.transfer(result, [result.r1cs.buffer, result.wasm.buffer, ...(result.wat ?? []).map((b) => b.buffer)]);
    } finally {
      await Promise.allSettled(delivered);
    }
  },

  /** circom's witness-calculator text (a `flags.wat` compile) → the bytes `--wasm` would have written. */
  assemble(wat: Uint8Array[]): Uint8Array {
    const wasm = watToWasm(wat); // (empties `wat`: the pieces go once joined)
    return Comlink.transfer(wasm, [wasm.buffer]);
  },
};

export type CompileWorker = typeof api;

Comlink.expose(api);
