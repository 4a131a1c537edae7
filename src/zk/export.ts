/**
 * On-chain artefacts: a Solidity verifier contract for a zkey, and the calldata for a proof.
 *
 * `snarkjs.zKey.exportSolidityVerifier(zkey, templates)` renders snarkjs's EJS templates
 * (node_modules/snarkjs/templates/verifier_{groth16,plonk,fflonk}.sol.ejs) with the verification
 * key; the snarkjs CLI reads them from disk, the library takes them as strings. Here:
 * - Node: the templates are read from the installed snarkjs package (found with
 *   `require.resolve('snarkjs')`, through a dynamic `node:` import so this file stays
 *   bundleable), unless passed in.
 * - Browser: snarkjs's browser build replaces `ejs` with an empty object (`var ejs = {}` in
 *   build/browser.esm.js), so rendering fails there even with templates. A browser export would
 *   need the three .ejs files shipped as assets (e.g. Vite `?raw` imports) AND an EJS renderer
 *   (add `ejs` as a direct dependency and render `templates[vk.protocol]` with the vkey, doing
 *   fflonk's root-of-unity precomputation from fflonk_export_solidity_verifier.js). Until then
 *   `solidityVerifier` throws a ZkmlError in the browser; calldata works everywhere.
 */
import * as snarkjs from 'snarkjs';
import { ZkmlError } from '../core/errors.js';
import { type Scheme, SCHEMES } from './ptau.js';
import { zkeyScheme } from './setup.js';

export class ExportError extends ZkmlError {
  override name = 'ExportError';
}

export type SolidityTemplates = Required<snarkjs.SolidityTemplates>;

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/** snarkjs's Solidity templates, read from the installed package (Node only). */
export async function loadSolidityTemplates(): Promise<SolidityTemplates> {
  if (!isNode) {
    throw new ExportError('Solidity templates are only loadable in Node; pass them in (see src/zk/export.ts)');
  }
  const nodeModule = 'node:module';
  const nodeFs = 'node:fs/promises';
  const { createRequire } = (await import(/* @vite-ignore */ nodeModule)) as typeof import('node:module');
  const { readFile } = (await import(/* @vite-ignore */ nodeFs)) as typeof import('node:fs/promises');
  const require = createRequire(import.meta.url);
  // package.json "main" is build/main.cjs; the templates sit next to build/.
  const main = require.resolve('snarkjs');
  const dir = new URL('../templates/', `file://${main.replace(/\\/g, '/')}`);
  const read = (s: Scheme) => readFile(new URL(`verifier_${s}.sol.ejs`, dir), 'utf8');
  const [groth16, plonk, fflonk] = await Promise.all(SCHEMES.map(read));
  return { groth16, plonk, fflonk };
}

let cached: Promise<SolidityTemplates> | undefined;

/**
 * Solidity source of a verifier contract for `zkey` (groth16: `Groth16Verifier`, plonk:
 * `PlonkVerifier`, fflonk: `FflonkVerifier`), with `verifyProof(...)` taking the calldata from
 * `solidityCalldata`.
 */
export async function solidityVerifier(zkey: Uint8Array, templates?: SolidityTemplates): Promise<string> {
  zkeyScheme(zkey); // a clear error for a non-zkey before snarkjs reads it
  const t = templates ?? (await (cached ??= loadSolidityTemplates().catch((e) => { cached = undefined; throw e; })));
  try {
    const src = await snarkjs.zKey.exportSolidityVerifier(zkey, t);
    if (typeof src !== 'string' || !src.includes('contract')) throw new ExportError('snarkjs rendered no contract');
    return src;
  } catch (e) {
    if (e instanceof ZkmlError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    if (/render is not a function/.test(msg)) {
      throw new ExportError('Solidity export needs an EJS renderer, which the browser build of snarkjs lacks; export from the CLI', { cause: e });
    }
    throw new ExportError(`Solidity export failed: ${msg}`, { cause: e });
  }
}

/**
 * The arguments of the verifier's `verifyProof` for this proof, as snarkjs prints them
 * (`snarkjs zkey export soliditycalldata`): groth16 `[a],[[b]],[c],[pub]`, plonk/fflonk
 * `[proof words],[pub]`.
 */
export async function solidityCalldata(scheme: Scheme, proof: snarkjs.Proof, publicSignals: snarkjs.PublicSignals): Promise<string> {
  try {
    if (scheme === 'fflonk') return await snarkjs.fflonk.exportSolidityCallData(publicSignals, proof);
    return await snarkjs[scheme].exportSolidityCallData(proof, publicSignals);
  } catch (e) {
    throw new ExportError(`${scheme} calldata export failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
