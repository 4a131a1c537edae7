/**
 * Web worker: train a bounty architecture's model in the browser without freezing the page. A thin comlink
 * entry over src/core/train (`trainModel`, the same function Node tests run). The samples arrive as one flat
 * Uint8Array by transfer; the resulting files go back by transfer.
 *
 *   api.train(Comlink.transfer(args, [args.samples.buffer]), Comlink.proxy(onEpoch))
 *   api.finish()   // "stop, keep the best": the running training ends after its current batch
 *
 * A hard cancel terminates the worker (src/app/train/train-client.ts). Errors cross as `ErrorRecord`s.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { trainModel, type TrainOptions, type TrainResult, type EpochStats } from '../src/core/train/train.js';
import { toErrorRecord } from '../src/core/transpile-files.js';

/** What the worker takes: the options without the callbacks and signals, the samples concatenated. */
export type TrainArgs = Omit<TrainOptions, 'samples' | 'signal' | 'finish' | 'onEpoch' | 'labels'> & { samples: Uint8Array; labels: Uint8Array | number[] };

let finishing: AbortController | null = null;

const api = {
  async train(args: TrainArgs, onEpoch?: (e: EpochStats) => void): Promise<TrainResult> {
    finishing = new AbortController();
    try {
      // tfjs's WebGL backend in a worker needs OffscreenCanvas WebGL (absent or software-only on many machines) and
      // paces itself with requestAnimationFrame, which a worker without a canvas never fires: train on the CPU backend
      if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
      await tf.ready();
      const r = await trainModel({ ...args, finish: finishing.signal, onEpoch: onEpoch ? (e) => { void onEpoch(e); } : undefined });
      return Comlink.transfer(r, r.files.map((f) => f.bytes.buffer as ArrayBuffer));
    } catch (e) {
      throw toErrorRecord(e);
    } finally {
      finishing = null;
    }
  },

  /** Ends the running training after its current batch with the best weights so far (no-op when idle). */
  finish(): boolean {
    if (!finishing) return false;
    finishing.abort();
    return true;
  },
};

export type TrainWorker = typeof api;

Comlink.expose(api);
