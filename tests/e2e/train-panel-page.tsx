/**
 * The page of tests/e2e/train-panel.test.ts (built by buildTestPage with vite-plugin-solid): mounts TrainPanel
 * on a learnable 3-class set of 48 3×3 images (the class is the brightest row) and records what `onModel` gets.
 * In the project tree so that its bare imports (solid-js) resolve from the project's node_modules.
 */
import { render } from 'solid-js/web';
import { TrainPanel } from '../../src/app/train/TrainPanel.js';

let s = 3;
const next = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 16) & 0xff; };
const samples: Uint8Array[] = [], labels: number[] = [];
for (let k = 0; k < 48; k++) {
  const c = k % 3;
  samples.push(Uint8Array.from({ length: 9 }, (_, i) => (Math.floor(i / 3) === c ? 160 + (next() % 96) : next() % 100)));
  labels.push(c);
}
const got: { names: string[]; bytes: number[][]; archHash: string; history: number }[] = [];

(window as unknown as { t: unknown }).t = {
  mount: (architecture: unknown) => {
    const root = document.createElement('main');
    root.style.padding = '8px';
    document.body.append(root);
    render(() => <TrainPanel architecture={architecture} samples={samples} labels={labels} defaults={{ epochs: 12, batchSize: 8, patience: 4 }}
      onModel={async (files, r) => { got.push({ names: files.map((f) => f.name), bytes: await Promise.all(files.map(async (f) => Array.from(new Uint8Array(await f.arrayBuffer())))), archHash: r.archHash, history: r.history.length }); }} />, root);
    return true;
  },
  got: () => got,
};
(window as unknown as { ready: boolean }).ready = true;
