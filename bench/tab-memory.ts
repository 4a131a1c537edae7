/**
 * The tab's memory and the studio's model drop, for the benches that drive Chromium (bench/browser.ts,
 * bench/scale.ts): the resident memory of Chromium's renderer processes (the page, its workers and their
 * WASM memories all live there), sampled every 200 ms, with named phases and their peaks.
 */
import * as fs from 'node:fs';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { ZkmlError } from '../src/core/errors.js';

/** Something a Chromium bench needs is missing or came out wrong. */
export class BenchError extends ZkmlError {
  override name = 'BenchError';
}

export interface MemorySample { t: number; phase: string; rendererRss: number; pageJsHeap?: number; byPid?: Record<number, number> }
export interface RendererProcess {
  pid: number;
  /** 'tab': the page and its workers; 'chromium-ui': Chromium's own WebUI renderer; 'other': a spare renderer */
  role: 'tab' | 'chromium-ui' | 'other';
  cpuSeconds: number;
  /** largest sampled RSS (bytes) */
  rssPeak: number;
  /** VmHWM (bytes) */
  highWater: number;
}

export interface MemoryPeak {
  /** largest sum of the renderer processes' RSS seen while sampling this phase (bytes) */
  rendererRssPeak: number;
  /** the renderers' RSS just before the phase (bytes) */
  rendererRssBefore: number;
  /** largest page JS heap used (CDP Performance.getMetrics JSHeapUsedSize, bytes) */
  pageJsHeapPeak?: number;
  samples: number;
}

export function procKiB(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch { return 0; }
}

/**
 * Samples the tab's memory every `everyMs`: RSS of Chromium's renderer processes (their pids from the
 * browser's CDP SystemInfo.getProcessInfo) and the page's JS heap. Only one tab is open at a time here,
 * so the renderers are that tab's (and its service worker's, when it has one).
 */
export class MemorySampler {
  readonly samples: MemorySample[] = [];
  private timer?: NodeJS.Timeout;
  private phase = 'idle';
  private busy = false;
  constructor(private browserCdp: CDPSession, private pageCdp?: CDPSession) {}

  static async attach(browser: Browser, page?: Page): Promise<MemorySampler> {
    const b = await browser.newBrowserCDPSession();
    let p: CDPSession | undefined;
    if (page) { p = await page.context().newCDPSession(page); await p.send('Performance.enable'); }
    const s = new MemorySampler(b, p);
    if ((await s.rendererPids()).length === 0) throw new BenchError('no renderer process found through CDP SystemInfo.getProcessInfo');
    return s;
  }

  async rendererPids(): Promise<number[]> {
    const r = (await this.browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    return r.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
  }

  async sample(): Promise<MemorySample> {
    const pids = await this.rendererPids();
    const byPid = Object.fromEntries(pids.map((pid) => [pid, procKiB(pid, 'VmRSS')]));
    const rendererRss = Object.values(byPid).reduce((a, b) => a + b, 0);
    let pageJsHeap: number | undefined;
    if (this.pageCdp) {
      const m = (await this.pageCdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      pageJsHeap = m.metrics.find((x) => x.name === 'JSHeapUsedSize')?.value;
    }
    const s = { t: performance.now(), phase: this.phase, rendererRss, pageJsHeap, byPid };
    this.samples.push(s);
    return s;
  }

  /**
   * Every renderer process with what it is: Chromium's own UI (`--top-chrome-webui`), the tab (of the
   * others, the one that used the most CPU: it runs the page and its workers; the rest are spare
   * renderers Chromium keeps for the next navigation), its largest sampled RSS and the kernel's
   * high-water mark of its RSS (VmHWM: the true peak, not subject to the sampling interval).
   */
  async processes(): Promise<RendererProcess[]> {
    const r = (await this.browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number; cpuTime: number }[] };
    const ps = r.processInfo.filter((p) => p.type === 'renderer').map((p) => {
      let cmd = '';
      try { cmd = fs.readFileSync(`/proc/${p.id}/cmdline`, 'utf8'); } catch { /* exited */ }
      const sampled = Math.max(0, ...this.samples.map((s) => s.byPid?.[p.id] ?? 0));
      return { pid: p.id, role: (cmd.includes('--top-chrome-webui') ? 'chromium-ui' : 'other') as RendererProcess['role'], cpuSeconds: p.cpuTime, rssPeak: sampled, highWater: procKiB(p.id, 'VmHWM') };
    });
    const tab = ps.filter((p) => p.role !== 'chromium-ui').sort((a, b) => b.cpuSeconds - a.cpuSeconds)[0];
    if (tab) tab.role = 'tab';
    return ps;
  }

  /** the kernel's high-water mark of each renderer process's RSS since it started (bytes) */
  async highWater(): Promise<number[]> { return (await this.rendererPids()).map((pid) => procKiB(pid, 'VmHWM')); }

  start(everyMs = 200): void {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.sample().catch(() => undefined).finally(() => { this.busy = false; });
    }, everyMs);
  }

  /** Runs `f` as a named phase and returns its peak memory. */
  async during<T>(phase: string, f: () => Promise<T>): Promise<[T, MemoryPeak]> {
    const before = await this.sample();
    this.phase = phase;
    try {
      const r = await f();
      await this.sample();
      const xs = this.samples.filter((s) => s.phase === phase);
      const heaps = xs.map((s) => s.pageJsHeap).filter((x): x is number => x !== undefined);
      return [r, { rendererRssPeak: Math.max(...xs.map((s) => s.rendererRss)), rendererRssBefore: before.rendererRss, ...(heaps.length ? { pageJsHeapPeak: Math.max(...heaps) } : {}), samples: xs.length }];
    } finally { this.phase = 'idle'; }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.browserCdp.detach().catch(() => undefined);
    await this.pageCdp?.detach().catch(() => undefined);
  }
}

/** A real drop event on the model step's drop zone with the model's files. */
export async function dropFiles(page: Page, files: { name: string; bytes: Uint8Array }[]): Promise<void> {
  const dt = await page.evaluateHandle((files) => {
    const d = new DataTransfer();
    for (const { name, b64 } of files) {
      const bin = atob(b64);
      const u8 = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) u8[i] = bin.charCodeAt(i);
      d.items.add(new File([u8], name));
    }
    return d;
  }, files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString('base64') })));
  await page.locator('label.drop', { has: page.getByTestId('model-files') }).dispatchEvent('drop', { dataTransfer: dt });
}


/** Peak renderer RSS between consecutive marks ("drop→transpiled": bytes), to see which step holds the memory. */
export function stepPeaks(samples: MemorySample[], marks: Record<string, number>, pid?: number): Record<string, number> {
  const ms = Object.entries(marks).sort((a, b) => a[1] - b[1]);
  const out: Record<string, number> = {};
  for (let i = 0; i + 1 < ms.length; i++) {
    const xs = samples.filter((x) => x.t >= ms[i]![1] && x.t <= ms[i + 1]![1]).map((x) => (pid === undefined ? x.rendererRss : x.byPid?.[pid] ?? 0));
    if (xs.length) out[`${ms[i]![0]}→${ms[i + 1]![0]}`] = Math.max(...xs);
  }
  return out;
}

