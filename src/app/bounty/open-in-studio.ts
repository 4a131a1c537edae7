/**
 * "Open in studio" for the model a bounty's provider received (./flows.ts receiveFlow): the decrypted model's
 * tfjs files are transpiled (in the transpile worker) with the transpile options recorded in them
 * (RebuildRecord: the ones that give the committed graph back), checked to commit to the winner's model
 * commitment, and saved as a studio project in the studio's own layout (studio.ts transpiledProjectInput);
 * that project is made the one the studio opens next (rememberProject). The page then navigates to the
 * studio, which reopens it at the circuit step, ready to compile, set up and prove.
 *
 *   const { projectId } = await openReceivedInStudio({ transpile: clients.transpile, store: services.store }, received, bountyId);
 *   location.hash = '';   // the studio
 */
import type { ModelFile, TranspileFilesResult, TranspileOptions } from '../clients/index.js';
import type { ProjectStore, ProjectSummary } from '../store/projects.js';
import type { RebuildRecord } from '../../core/handover/rebuild.js';
import { rememberProject, transpiledProjectInput, type TranspileSettings } from '../studio.js';
import { parseQGraph } from '../../core/quantize/serialize.js';
import { modelCommitment } from '../../core/commit/model.js';
import { ZkmlError } from '../../core/errors.js';

/** The received model does not transpile back to the committed one (`details`: expected and got commitments). */
export class OpenInStudioError extends ZkmlError {
  override name = 'OpenInStudioError';
}

/** What of a received model the studio needs. */
export interface ReceivedForStudio { modelJson: Uint8Array; weightsBin: Uint8Array; commitment: bigint; record: RebuildRecord }

export interface OpenInStudioDeps {
  transpile: { transpile(files: ModelFile[], options: TranspileOptions): Promise<TranspileFilesResult>; release?(): void };
  store: () => Promise<Pick<ProjectStore, 'put'>>;
}

/** The received model as the studio's model files (copies: the page keeps its own for the downloads). */
export function receivedModelFiles(m: Pick<ReceivedForStudio, 'modelJson' | 'weightsBin'>): ModelFile[] {
  return [{ name: 'model.json', bytes: m.modelJson.slice() }, { name: 'weights.bin', bytes: m.weightsBin.slice() }];
}

/** The studio's input visibility for it: hashed (the studio's default; the model stays private either way). */
export const RECEIVED_INPUT = 'hashed' as const;

/** Transpile options that give the committed graph back: the record's, with the studio's visibility choices. */
export function receivedTranspileOptions(record: RebuildRecord): TranspileOptions {
  return { ...record.transpile, input: RECEIVED_INPUT, weights: 'private' };
}

/** The studio settings kept with the project (what its model step shows and "Transpile again" starts from): all the record's options. */
export function receivedSettings(record: RebuildRecord): TranspileSettings {
  const { actBits, weightBits, inputBits, constBits, raw, inputRange } = record.transpile;
  return { input: RECEIVED_INPUT, inputRange: [inputRange[0], inputRange[1]], weights: 'private', actBits, weightBits, inputBits, constBits, raw };
}

export const receivedProjectName = (bountyId: bigint): string => `Bounty #${bountyId} — received model`;

/** Transpiles, checks the commitment, saves the project and makes it the studio's next; resolves with it. */
export async function openReceivedInStudio(deps: OpenInStudioDeps, m: ReceivedForStudio, bountyId: bigint, stage: (s: string) => void = () => {}): Promise<{ projectId: string; name: string; summary: ProjectSummary }> {
  const files = receivedModelFiles(m);
  stage('transpiling the received model for the studio');
  const t = await deps.transpile.transpile(files.map((f) => ({ name: f.name, bytes: f.bytes.slice() })), receivedTranspileOptions(m.record));
  deps.transpile.release?.();
  const got = modelCommitment(parseQGraph(t.quantization));
  if (got !== m.commitment) {
    throw new OpenInStudioError('The received model does not transpile back to the model the winner committed, so a proof made with it in the studio would not be about that model.', { details: { expected: m.commitment.toString(), got: got.toString(), options: m.record.transpile } });
  }
  stage('saving it as a studio project');
  const name = receivedProjectName(bountyId);
  const input = transpiledProjectInput({ name, files, settings: receivedSettings(m.record), transpiled: t });
  const summary = await (await deps.store()).put({ ...input, extra: { ...input.extra, bounty: { bountyId: bountyId.toString(), commitment: m.commitment.toString() } } });
  rememberProject(summary.id);
  return { projectId: summary.id, name, summary };
}
