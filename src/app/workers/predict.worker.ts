/**
 * Web worker for the studio's prediction chart: the float model (tfjs on its CPU backend, rebuilt
 * from the normalised Keras model) and the circuit's exact integer inference, both as logits, for
 * one input. Heavy (tfjs), so never on the page's thread. The float model is cached per file set.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type { ModelFile } from '../../core/keras/load-model.js';
import { toErrorRecord } from '../../core/transpile-files.js';

export interface PredictResult {
  /** float logits (softmax left out), or undefined when tfjs cannot run this model */
  float?: number[];
  floatError?: string;
  /** the circuit's logits, integers over their scale */
  circuit: number[];
  /** the class the circuit outputs (argmax circuits), else the argmax of its logits */
  circuitClass: number;
}

let cache: { key: string; model: tf.LayersModel; inputShape: number[] } | undefined;

const keyOf = (files: ModelFile[]) => files.map((f) => `${f.name}:${f.bytes.length}:${f.bytes.slice(0, 64).join(',')}:${f.bytes.slice(-64).join(',')}`).join('|');
const argmax = (xs: readonly number[]) => xs.reduce((k, v, i) => (v > xs[k]! ? i : k), 0);

async function floatModel(files: ModelFile[]) {
  const key = keyOf(files);
  if (cache?.key === key) return cache;
  const [{ loadModel }, { buildTfjsModel }] = await Promise.all([import('../../core/keras/load-model.js'), import('../../core/float/predict.js')]);
  tf.env().set('PROD', true);
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  await tf.ready();
  const km = await loadModel(files);
  const model = await buildTfjsModel(km, { logits: true });
  cache?.model.dispose();
  cache = { key, model, inputShape: [...km.inputShape] };
  return cache;
}

const api = {
  async predict(files: ModelFile[] | undefined, quantization: string, input: unknown): Promise<PredictResult> {
    try {
      const [{ parseQGraph }, { quantizeInput, infer }] = await Promise.all([import('../../core/quantize/serialize.js'), import('../../core/witness/run.js')]);
      const g = parseQGraph(quantization);
      const ints = quantizeInput(g, input);
      const r = infer(g, ints);
      const last = g.nodes.find((n) => n.id === g.output)!;
      const ln = last.kind === 'argmax' ? g.nodes.find((n) => n.id === last.inputs[0])! : last;
      const circuit = r.tensors.get(ln.id)!.data.map((v) => Number(v) / 2 ** ln.scale);
      const circuitClass = last.kind === 'argmax' ? Number(r.output[0]) : argmax(circuit);
      let float: number[] | undefined;
      let floatError: string | undefined;
      if (files?.length) {
        try {
          const m = await floatModel(files);
          const flat: number[] = [];
          const walk = (v: unknown) => { if (Array.isArray(v)) v.forEach(walk); else flat.push(Number(v)); };
          walk(input);
          const { predict } = await import('../../core/float/predict.js');
          float = Array.from(predict(m.model, m.inputShape, [flat])[0]!);
        } catch (e) {
          floatError = e instanceof Error ? e.message : String(e);
        }
      }
      return { circuit, circuitClass, ...(float ? { float } : {}), ...(floatError ? { floatError } : {}) };
    } catch (e) {
      throw toErrorRecord(e);
    }
  },
};

export type PredictWorker = typeof api;
Comlink.expose(api);
