/**
 * The quantized circuit plan: a graph of integer operations, each one a template of our library
 * (or pure wiring), with its parameters, its private integer weights and the scale and worst-case
 * bounds of its output. It is plain data (JSON-serialisable with bigints as strings) so that
 * `quantization.json` alone lets the witness be computed later.
 */
export type QKind =
  | 'input' | 'dense' | 'conv2d' | 'conv1d' | 'depthwiseConv2d' | 'pointwiseConv2d' | 'batchNorm'
  | 'rescale' | 'rescaleRelu' | 'relu' | 'leakyRelu' | 'clip' | 'hardSigmoid' | 'poly'
  | 'maxPool2d' | 'avgPool2d' | 'sumPool2d' | 'globalAvgPool2d' | 'globalMaxPool2d' | 'globalSumPool2d'
  | 'upSampling2d' | 'zeroPadding2d' | 'flatten' | 'reshape' | 'add' | 'concatenate' | 'scaleUp' | 'argmax';

export interface QWeight {
  shape: number[]; data: bigint[]; scale: number; bits: number;
  /** signed width the model commitment packs this tensor at; computed from `data` when absent (set for a graph rebuilt from an architecture, whose data are zeros) */
  width?: number;
}

export interface QNode {
  id: string;
  kind: QKind;
  /** human-readable origin, e.g. `Keras Conv2D "conv2d" + BatchNormalization "bn"` */
  comment: string;
  inputs: string[];
  shape: number[];
  /** fixed-point scale exponent of the output: value ≈ int / 2^scale */
  scale: number;
  /** worst-case integer bounds of every output element */
  lo: bigint;
  hi: bigint;
  /** signed bit width that holds [lo, hi] */
  bits: number;
  /** integer template parameters (besides shapes, which codegen derives) */
  params: Record<string, number | bigint>;
  /** private integer parameters by template signal name: weights, bias, scale, shift */
  weights: Record<string, QWeight>;
  /** estimated constraints of this node (from the template signature formulas) */
  constraints: number;
}

export interface QGraph {
  inputShape: number[];
  inputScale: number;
  /** float range assumed for each input element */
  inputRange: [number, number];
  nodes: QNode[];
  output: string;
  options: Required<QuantizeOptions>;
}

export interface QuantizeOptions {
  /** bit budget of the range checks on activations: every rescaled activation fits this many signed bits */
  actBits?: number;
  /** signed bit width of every quantized weight (biases live on the accumulator scale and may be wider) */
  weightBits?: number;
  /** signed bit width of the quantized input */
  inputBits?: number;
  /** float range of the model input; defaults to the calibration data's range, else [-1, 1] */
  inputRange?: [number, number] | null;
  /** fractional bits of the polynomial/hard-sigmoid constants */
  constBits?: number;
}
