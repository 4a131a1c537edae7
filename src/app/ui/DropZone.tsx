import { createSignal, type JSX } from 'solid-js';
import { droppedFiles } from '../lib/dropped-files.js';

/**
 * A drop target that is also a file picker (a real <input type=file>, for keyboards and tests). With
 * `multiple`, a dropped folder brings its files (./lib/dropped-files.ts); a folder it cannot read is
 * reported through `onError`.
 */
export function DropZone(props: { accept?: string; multiple?: boolean; onFiles: (files: File[]) => void; onError?: (e: unknown) => void; testid?: string; children: JSX.Element; disabled?: boolean }) {
  const [over, setOver] = createSignal(false);
  let input!: HTMLInputElement;
  return (
    <label
      class="drop" classList={{ over: over(), disabled: props.disabled }}
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault(); setOver(false);
        const dt = e.dataTransfer;
        if (props.disabled || !dt) return;
        if (!props.multiple) { if (dt.files.length) props.onFiles(Array.from(dt.files)); return; }
        droppedFiles(dt).then((f) => { if (f.length) props.onFiles(f); }, (err) => props.onError?.(err));
      }}
    >
      <input
        ref={input} type="file" accept={props.accept} multiple={props.multiple} disabled={props.disabled}
        data-testid={props.testid} class="visually-hidden"
        onChange={() => { const f = Array.from(input.files ?? []); input.value = ''; if (f.length) props.onFiles(f); }}
      />
      {props.children}
    </label>
  );
}
