/** Small browser helpers: files in, files out. */

export interface NamedBytes { name: string; bytes: Uint8Array }

export async function readFiles(list: FileList | File[] | null | undefined): Promise<NamedBytes[]> {
  const files = Array.from(list ?? []);
  return Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

/** Saves `data` as a file named `name` (an object URL on a temporary link). */
export function download(name: string, data: Uint8Array | string | object, type?: string): void {
  const blob =
    data instanceof Uint8Array ? new Blob([data.slice()], { type: type ?? 'application/octet-stream' })
    : typeof data === 'string' ? new Blob([data], { type: type ?? 'text/plain' })
    : new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function formatBytes(n: number): string {
  const u = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1000 && i < u.length - 1) { n /= 1000; i++; }
  return `${i === 0 ? n : n < 10 ? n.toFixed(1) : Math.round(n)} ${u[i]}`;
}

export const fmtInt = (n: number) => n.toLocaleString('en');

export function fmtMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));
export const errorName = (e: unknown): string => (e instanceof Error ? e.name : 'Error');
