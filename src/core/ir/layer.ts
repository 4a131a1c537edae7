import type { KerasLayer } from '../keras/types.js';
import { UnsupportedLayerError, ShapeError } from './errors.js';
import type { FloatTensor, NodeAttrs, NodeKind, Padding } from './types.js';

/** One IR node a Keras layer turns into (a layer may become several, e.g. Dense + ReLU). */
export interface NodeSpec<K extends NodeKind = NodeKind> {
  kind: K;
  attrs: NodeAttrs[K];
  shape: number[];
  weights?: Record<string, FloatTensor>;
  /** suffix for the node id when a layer yields more than one node */
  suffix?: string;
}

export interface BuildContext {
  layer: KerasLayer;
  inShapes: number[][];
  /** the single input shape (throws if the layer has several inputs) */
  inShape: number[];
  /** a config value, with a default */
  cfg<T>(key: string, dflt?: T): T;
  /** the layer's i-th weight in Keras order, checked against an expected shape */
  weight(i: number, expected: number[], role: string): FloatTensor;
  unsupported(reason: string): never;
  shapeError(message: string): never;
}

export interface IrLayerDef {
  /** Keras class names this file handles */
  classes: readonly string[];
  build(ctx: BuildContext): NodeSpec[];
}

export const node = <K extends NodeKind>(kind: K, attrs: NodeAttrs[K], shape: number[], weights?: Record<string, FloatTensor>, suffix?: string): NodeSpec<K> =>
  ({ kind, attrs, shape, weights, suffix });

export function makeContext(layer: KerasLayer, inShapes: number[][], supported: readonly string[]): BuildContext {
  const unsupported = (reason: string): never => { throw new UnsupportedLayerError(layer.name, layer.className, supported, reason); };
  const shapeError = (message: string): never => { throw new ShapeError(`layer "${layer.name}" (${layer.className}): ${message}`, { layer: layer.name }); };
  return {
    layer, inShapes,
    get inShape() {
      if (inShapes.length !== 1) shapeError(`expects one input, got ${inShapes.length}`);
      return inShapes[0];
    },
    cfg<T>(key: string, dflt?: T): T {
      const v = layer.config[key];
      return (v === undefined || v === null ? dflt : v) as T;
    },
    weight(i, expected, role) {
      const w = layer.weights[i];
      if (!w) shapeError(`is missing its ${role} weights`);
      const shape = w.shape;
      if (shape.length !== expected.length || shape.some((d, j) => d !== expected[j])) {
        shapeError(`${role} has shape [${shape.join(', ')}], expected [${expected.join(', ')}]`);
      }
      return { shape: [...shape], data: Float64Array.from(w.data) };
    },
    unsupported, shapeError,
  };
}

// ---- config readers shared by the layer files ----
export function pair(v: unknown, name: string, ctx: BuildContext): [number, number] {
  const a = Array.isArray(v) ? v : [v, v];
  if (a.length !== 2 || !a.every((x) => Number.isInteger(x) && (x as number) > 0)) ctx.unsupported(`${name} must be one or two positive integers, got ${JSON.stringify(v)}`);
  return [a[0] as number, a[1] as number];
}

export function single(v: unknown, name: string, ctx: BuildContext): number {
  const a = Array.isArray(v) ? v : [v];
  if (a.length !== 1 || !Number.isInteger(a[0]) || a[0] <= 0) ctx.unsupported(`${name} must be a positive integer, got ${JSON.stringify(v)}`);
  return a[0] as number;
}

export function padding(ctx: BuildContext): Padding {
  const p = String(ctx.cfg('padding', 'valid')).toLowerCase();
  if (p !== 'valid' && p !== 'same') ctx.unsupported(`padding "${p}" (only valid and same)`);
  return p as Padding;
}

export function channelsLast(ctx: BuildContext): void {
  const f = ctx.cfg<string>('data_format', 'channels_last');
  if (f !== 'channels_last') ctx.unsupported(`data_format ${f} (only channels_last)`);
}

export function noDilation(ctx: BuildContext): void {
  const d = ctx.cfg<unknown>('dilation_rate', 1);
  const a = Array.isArray(d) ? d : [d];
  if (a.some((x) => x !== 1)) ctx.unsupported(`dilation_rate ${JSON.stringify(d)} (only 1)`);
}

/** TensorFlow's output size for a window op. */
export function windowOut(n: number, k: number, s: number, p: Padding): number {
  return p === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1;
}

/** Activation name of a layer config (Keras 2 string or Keras 3 serialized object). */
export function activationName(v: unknown): string {
  if (v === undefined || v === null) return 'linear';
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'object') {
    const o = v as { class_name?: string; config?: { name?: string } };
    return String(o.config?.name ?? o.class_name ?? 'linear').toLowerCase();
  }
  return String(v);
}

/** Nodes for a fused `activation=` argument or an Activation layer. */
export function activationNodes(name: string, shape: number[], ctx: BuildContext, cfg: Record<string, unknown> = {}): NodeSpec[] {
  switch (name) {
    case 'linear': return [];
    case 'relu': return [node('relu', {}, shape, undefined, 'relu')];
    case 'relu6': return [node('clip', { lo: 0, hi: 6 }, shape, undefined, 'relu6')];
    case 'leaky_relu': case 'leakyrelu': return [node('leakyRelu', { alpha: Number(cfg.negative_slope ?? cfg.alpha ?? 0.2) }, shape, undefined, 'leaky')];
    case 'hard_sigmoid': return [node('hardSigmoid', {}, shape, undefined, 'hsig')];
    case 'softmax': return [node('argmax', {}, [], undefined, 'argmax')];
    case 'poly': return [node('poly', { n: Number(cfg.n ?? 1) }, shape, undefined, 'poly')];
    default: return ctx.unsupported(`activation "${name}" (supported: linear, relu, relu6, leaky_relu, hard_sigmoid, poly, and softmax as the last layer)`);
  }
}
