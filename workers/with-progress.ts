/**
 * For comlink worker entries: runs `f` with a progress function whose deliveries to the page are all awaited
 * before the call settles, turns errors into transferable records, and closes the callback's proxy channel.
 */
import * as Comlink from 'comlink';
import { toErrorRecord } from '../src/core/transpile-files.js';
import type { SnarkProgress } from '../src/app/clients/snark-ops.js';

export type OnProgress = ((p: SnarkProgress) => unknown) | undefined;

export async function withProgress<T>(onProgress: OnProgress, f: (report?: (p: SnarkProgress) => void) => Promise<T>): Promise<T> {
  const delivered: unknown[] = [];
  const report = onProgress && ((p: SnarkProgress) => { delivered.push(onProgress(p)); });
  try {
    return await f(report);
  } catch (e) {
    throw toErrorRecord(e);
  } finally {
    await Promise.allSettled(delivered);
    // close the callback's channel (the page's side of the proxy)
    (onProgress as { [Comlink.releaseProxy]?: () => void } | undefined)?.[Comlink.releaseProxy]?.();
  }
}
