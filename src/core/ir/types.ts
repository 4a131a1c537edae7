/**
 * The intermediate representation between a loaded Keras model and a circuit: a topologically
 * ordered graph of layer nodes with inferred, checked shapes (no batch dimension) and float
 * parameters. Every node kind has one file of the same name here, in `quantize/`, `codegen/`
 * and `witness/`.
 */
export type Padding = 'valid' | 'same';

export interface FloatTensor { shape: number[]; data: Float64Array }

export interface NodeAttrs {
  input: Record<string, never>;
  dense: { units: number; useBias: boolean };
  conv2d: { filters: number; kernel: [number, number]; strides: [number, number]; padding: Padding; useBias: boolean };
  conv1d: { filters: number; kernel: number; stride: number; padding: Padding; useBias: boolean };
  depthwiseConv2d: { depthMultiplier: number; kernel: [number, number]; strides: [number, number]; padding: Padding; useBias: boolean };
  pointwiseConv2d: { filters: number; useBias: boolean };
  batchNorm: Record<string, never>;
  relu: Record<string, never>;
  leakyRelu: { alpha: number };
  clip: { lo: number; hi: number };
  hardSigmoid: Record<string, never>;
  poly: { n: number };
  maxPool2d: { pool: [number, number]; strides: [number, number]; padding: Padding };
  avgPool2d: { pool: [number, number]; strides: [number, number]; padding: Padding };
  globalAvgPool2d: Record<string, never>;
  globalMaxPool2d: Record<string, never>;
  upSampling2d: { size: [number, number] };
  zeroPadding2d: { top: number; bottom: number; left: number; right: number };
  flatten: Record<string, never>;
  reshape: { target: number[] };
  add: Record<string, never>;
  concatenate: Record<string, never>;
  argmax: Record<string, never>;
}
export type NodeKind = keyof NodeAttrs;

export interface IrNode<K extends NodeKind = NodeKind> {
  /** unique identifier, safe as a circom name */
  id: string;
  /** the Keras layer this node comes from, and its class */
  kerasName: string;
  kerasClass: string;
  kind: K;
  inputs: string[];
  inShapes: number[][];
  shape: number[];
  attrs: NodeAttrs[K];
  /** float parameters by role: kernel, bias, scale, shift */
  weights: Record<string, FloatTensor>;
}

export interface IrGraph {
  inputShape: number[];
  nodes: IrNode[];
  output: string;
}

export const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
