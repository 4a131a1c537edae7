/**
 * Development Groth16 keys (src/zk/dev-setup.ts: NOT FOR VALUE) for the Node tests whose subject is
 * not the setup itself (the bounty contract, the protocol with the real circuits, the circuit audit):
 * `devKey(r1cs)` returns exactly the bytes `devGroth16Setup(r1cs)` returns, computed once per r1cs and
 * kept on disk, so the test files that set up the same circuit (the tiny model's RevealTestSet and
 * Handover circuits, the accuracy stand-in: in bounty.test.ts, bounty-protocol.test.ts and
 * audit.test.ts) pay for it once per run instead of once per file.
 *
 * The disk entry is keyed by the SHA-256 of the r1cs and of the setup's sources (src/zk/dev-setup.ts and
 * what it imports, the development ptau included), so a change to either makes a new key. The setup itself,
 * byte for byte against snarkjs newZKey + zkey beacon, is tested uncached in src/zk/dev-setup.test.ts.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { devGroth16Setup } from '../../src/zk/dev-setup.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// next to the circuit harness's compile cache (.cache/circuits), outside node_modules
const CACHE_DIR = path.join(ROOT, '.cache/dev-keys');
const SETUP = path.join(ROOT, 'src/zk/dev-setup.ts');

let implHash: string | undefined;
/**
 * SHA-256 over the sources the setup runs: src/zk/dev-setup.ts and every module it imports through
 * relative imports, transitively (names and contents), and the ffjavascript version. Edits elsewhere
 * in the tree keep the cached keys.
 */
function implementationHash(): string {
  if (implHash) return implHash;
  const h = createHash('sha256');
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    h.update(path.relative(ROOT, file)).update(text);
    for (const m of text.matchAll(/from\s+'(\.{1,2}\/[^']+)\.js'/g)) visit(path.resolve(path.dirname(file), `${m[1]}.ts`));
  };
  visit(SETUP);
  h.update(fs.readFileSync(path.join(ROOT, 'node_modules/ffjavascript/package.json')));
  return (implHash = h.digest('hex'));
}

const inProcess = new Map<string, Promise<Uint8Array>>();

/** `devGroth16Setup(r1cs)` (default options: smallest power, with the public beacon contribution), cached on disk. */
export function devKey(r1cs: Uint8Array): Promise<Uint8Array> {
  const key = createHash('sha256').update(implementationHash()).update(r1cs).digest('hex').slice(0, 32);
  let p = inProcess.get(key);
  if (!p) {
    p = (async () => {
      const file = path.join(CACHE_DIR, `${key}.zkey`);
      if (fs.existsSync(file)) return new Uint8Array(fs.readFileSync(file));
      const zkey = await devGroth16Setup(r1cs);
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      // another test process may write the same entry: write aside, then rename (atomic)
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, zkey);
      fs.renameSync(tmp, file);
      return zkey;
    })();
    inProcess.set(key, p);
    p.catch(() => inProcess.delete(key));
  }
  return p;
}
