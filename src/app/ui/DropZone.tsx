import { createSignal, type JSX } from 'solid-js';

/** A drop target that is also a file picker (a real <input type=file>, for keyboards and tests). */
export function DropZone(props: { accept?: string; multiple?: boolean; onFiles: (files: File[]) => void; testid?: string; children: JSX.Element; disabled?: boolean }) {
  const [over, setOver] = createSignal(false);
  let input!: HTMLInputElement;
  return (
    <label
      class="drop" classList={{ over: over(), disabled: props.disabled }}
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => { e.preventDefault(); setOver(false); if (!props.disabled && e.dataTransfer?.files.length) props.onFiles(Array.from(e.dataTransfer.files)); }}
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
