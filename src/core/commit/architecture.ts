/**
 * The model's architecture as quantized (docs/PROTOCOL.md §2): everything that fixes the circuit
 * except the values of the weights. Its hash, `archHash`, is folded into the model commitment, so a
 * commitment names one architecture; and a circuit can be regenerated from it alone
 * (`graphFromArchitecture`), which lets a viewer or a hunter rebuild a circuit from a published
 * architecture and compare the keys.
 *
 *   const arch = architectureOf(q);      // plain JSON, no weight values
 *   archHash(arch)                       // descriptorHash(arch): a field element
 */
import type { QGraph, QKind, QNode } from '../quantize/types.js';
import { bitsFor } from '../quantize/bounds.js';
import { ZkmlError } from '../errors.js';
import { descriptorHash } from './tags.js';
import { estimateNode } from '../codegen/templates.js';

export const ARCHITECTURE_KIND = 'zkml/architecture/v1';

export interface ArchWeight { shape: number[]; scale: number; bits: number; width: number }
export interface ArchNode {
  id: string; kind: QKind; inputs: string[]; shape: number[]; scale: number;
  lo: string; hi: string; bits: number;
  params: Record<string, string | number>;
  weights: Record<string, ArchWeight>;
}
export interface Architecture {
  kind: typeof ARCHITECTURE_KIND;
  inputShape: number[];
  inputScale: number;
  output: string;
  nodes: ArchNode[];
}

/** A published architecture is not one ZKML can read. */
export class ArchitectureError extends ZkmlError {
  override name = 'ArchitectureError';
}

/** The signed width that holds every value of a tensor (at least 2 bits), as the commitment packs it. */
export function tensorWidth(data: readonly bigint[]): number {
  let lo = 0n, hi = 0n;
  for (const v of data) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return bitsFor(lo, hi);
}

export function architectureOf(g: QGraph): Architecture {
  return {
    kind: ARCHITECTURE_KIND,
    inputShape: [...g.inputShape],
    inputScale: g.inputScale,
    output: g.output,
    nodes: g.nodes.map((n) => ({
      id: n.id, kind: n.kind, inputs: [...n.inputs], shape: [...n.shape], scale: n.scale,
      lo: n.lo.toString(), hi: n.hi.toString(), bits: n.bits,
      params: Object.fromEntries(Object.entries(n.params).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v])),
      weights: Object.fromEntries(Object.entries(n.weights).map(([k, w]) => [k, {
        shape: [...w.shape], scale: w.scale, bits: w.bits, width: w.width ?? tensorWidth(w.data),
      }])),
    })),
  };
}

export function archHash(arch: Architecture): bigint {
  return descriptorHash(arch);
}

const KINDS: readonly QKind[] = [
  'input', 'dense', 'conv2d', 'conv1d', 'depthwiseConv2d', 'pointwiseConv2d', 'batchNorm', 'rescale', 'rescaleRelu', 'relu',
  'leakyRelu', 'clip', 'hardSigmoid', 'poly', 'maxPool2d', 'avgPool2d', 'sumPool2d', 'globalAvgPool2d', 'globalMaxPool2d',
  'globalSumPool2d', 'upSampling2d', 'zeroPadding2d', 'flatten', 'reshape', 'add', 'concatenate', 'scaleUp', 'argmax',
];

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isIntArray = (v: unknown): v is number[] => Array.isArray(v) && v.every(isInt);
const isBigIntString = (v: unknown): v is string => typeof v === 'string' && /^-?\d{1,80}$/.test(v);

/**
 * A quantized graph with the architecture's structure and all-zero weights (each tensor keeps the
 * width the commitment packs it at): what codegen needs to regenerate the circuit. Checks the shape
 * of the JSON; throws ArchitectureError naming the first problem.
 */
export function graphFromArchitecture(a: unknown): QGraph {
  const fail = (msg: string): never => { throw new ArchitectureError(`the architecture ${msg}`, { details: { problem: msg } }); };
  const o = a as Partial<Architecture> | null;
  if (!o || typeof o !== 'object') fail('is not a JSON object');
  if (o!.kind !== ARCHITECTURE_KIND) fail(`is not a ${ARCHITECTURE_KIND} description`);
  if (!isIntArray(o!.inputShape) || !isInt(o!.inputScale) || typeof o!.output !== 'string' || !Array.isArray(o!.nodes)) fail('lacks its input shape, scale, output or nodes');
  if (o!.nodes!.length > 10_000) fail('has too many nodes');
  const nodes: QNode[] = o!.nodes!.map((n, i) => {
    const at = `node ${i}`;
    if (!n || typeof n !== 'object' || typeof n.id !== 'string' || typeof n.kind !== 'string') fail(`${at} has no id or kind`);
    if (!KINDS.includes(n.kind)) fail(`${at} (${n.id}) is not a layer ZKML can build: ${JSON.stringify(n.kind)}`);
    if (!Array.isArray(n.inputs) || !n.inputs.every((x) => typeof x === 'string') || !isIntArray(n.shape) || !isInt(n.scale) || !isInt(n.bits)) fail(`${at} (${n.id}) has malformed inputs, shape, scale or bits`);
    if (!isBigIntString(n.lo) || !isBigIntString(n.hi)) fail(`${at} (${n.id}) has malformed bounds`);
    if (!n.params || typeof n.params !== 'object' || !n.weights || typeof n.weights !== 'object') fail(`${at} (${n.id}) has no params or weights`);
    const params: QNode['params'] = {};
    for (const [k, v] of Object.entries(n.params)) {
      if (isInt(v)) params[k] = v;
      else if (isBigIntString(v)) params[k] = BigInt(v);
      else fail(`${at} (${n.id}) parameter ${k} is not an integer`);
    }
    const weights: QNode['weights'] = {};
    for (const [k, w] of Object.entries(n.weights)) {
      if (!w || !isIntArray(w.shape) || !isInt(w.scale) || !isInt(w.bits) || !isInt(w.width) || w.width < 2 || w.width > 250) fail(`${at} (${n.id}) weight ${k} is malformed`);
      const size = w.shape.reduce((x, y) => x * y, 1);
      if (size > 50_000_000) fail(`${at} (${n.id}) weight ${k} is too large`);
      weights[k] = { shape: [...w.shape], scale: w.scale, bits: w.bits, width: w.width, data: new Array<bigint>(size).fill(0n) };
    }
    const q: QNode = {
      id: n.id, kind: n.kind, comment: `${n.kind} ${n.id}`, inputs: [...n.inputs], shape: [...n.shape], scale: n.scale,
      lo: BigInt(n.lo), hi: BigInt(n.hi), bits: n.bits, params, weights, constraints: 0,
    };
    try {
      q.constraints = estimateNode(q);
    } catch (e) {
      fail(`${at} (${n.id}) is not a layer ZKML can build: ${e instanceof Error ? e.message : String(e)}`);
    }
    return q;
  });
  const input = nodes.find((n) => n.kind === 'input');
  if (!input) fail('has no input node');
  if (!nodes.some((n) => n.id === o!.output)) fail(`names an output ${o!.output} that is not a node`);
  const scale = 2 ** o!.inputScale!;
  return {
    inputShape: [...o!.inputShape!], inputScale: o!.inputScale!,
    inputRange: [Number(input!.lo) / scale, Number(input!.hi) / scale],
    nodes, output: o!.output!,
    // only the graph's nodes drive codegen; the options record how it was quantized
    options: { actBits: 0, weightBits: 0, inputBits: input!.bits, inputRange: null, constBits: 0 },
  };
}
