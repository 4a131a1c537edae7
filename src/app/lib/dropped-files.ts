/**
 * The files of a drop, folders included: a dropped folder arrives as one directory entry whose files
 * `DataTransfer.files` does not list, so the entries are walked (FileSystem API, as in Chromium,
 * Firefox and Safari). Files in sub-folders come along, flattened, in name order.
 */

/** The parts of the FileSystem entry API this walk uses (browsers' FileSystemEntry). */
export interface DropEntry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  file?: (ok: (f: File) => void, fail?: (e: unknown) => void) => void;
  createReader?: () => { readEntries: (ok: (entries: DropEntry[]) => void, fail?: (e: unknown) => void) => void };
}

/** Most files a drop may bring (a bigger folder is refused rather than read into memory). */
export const MAX_DROPPED_FILES = 100_000;

export class TooManyFilesError extends Error {
  override name = 'TooManyFilesError';
}

async function walk(entry: DropEntry, out: File[]): Promise<void> {
  if (out.length > MAX_DROPPED_FILES) throw new TooManyFilesError(`the drop holds more than ${MAX_DROPPED_FILES.toLocaleString('en')} files`);
  if (entry.isFile && entry.file) {
    out.push(await new Promise<File>((ok, fail) => entry.file!(ok, fail)));
  } else if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    // readEntries returns the folder in batches (100 in Chromium) until an empty one
    for (;;) {
      const batch = await new Promise<DropEntry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      for (const e of batch) await walk(e, out);
    }
  }
}

/** Every file of the drop: entries walked when the browser offers them, else `dataTransfer.files`. */
export async function droppedFiles(dt: { items?: ArrayLike<{ kind: string; webkitGetAsEntry?: () => unknown }>; files: ArrayLike<File> }): Promise<File[]> {
  const entries: DropEntry[] = [];
  for (const item of Array.from(dt.items ?? [])) {
    if (item.kind !== 'file') continue;
    const e = item.webkitGetAsEntry?.() as DropEntry | null | undefined;
    if (e) entries.push(e);
  }
  if (!entries.some((e) => e.isDirectory)) return Array.from(dt.files);
  const out: File[] = [];
  for (const e of entries) await walk(e, out);
  return out.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}
