/**
 * Web worker for the Keys page: decrypt, check the commitment and rebuild a handed-over model
 * (./receive.ts `receiveModel`) off the page's thread. Errors come back as records (name, message,
 * details) so the page can say them in plain words.
 */
import * as Comlink from 'comlink';
import { receiveModel, type CiphertextInput, type ReceivedModel } from './receive.js';
import type { KeyPair } from '../../core/handover/keys.js';

export type ReceiveOutcome = { ok: true; model: ReceivedModel } | { ok: false; error: { name: string; message: string; details: Record<string, unknown> } };

const api = {
  async receive(args: { key: KeyPair; ct: CiphertextInput; architecture: unknown; commitment: bigint }): Promise<ReceiveOutcome> {
    try {
      return { ok: true, model: await receiveModel(args) };
    } catch (e) {
      const details = (e as { details?: Record<string, unknown> } | null)?.details ?? {};
      return { ok: false, error: { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e), details: JSON.parse(JSON.stringify(details, (_k, v) => (typeof v === 'bigint' ? String(v) : v))) } };
    }
  },
};
export type ReceiveWorker = typeof api;
Comlink.expose(api);
