/**
 * Code generation: a quantized graph becomes one readable circom main, one component per layer,
 * each commented with the Keras layer it comes from, its output shape, scale and worst-case width.
 *
 * Every tensor is a flat signal array in row-major (channels-last) order, so Flatten and Reshape
 * cost nothing and need no code. All private parameters live in two flat inputs, `weights` (every
 * kernel value, `weightBits` wide) and `biases` (biases and shifts, on their accumulator scales);
 * both are bound by one public Poseidon commitment, and the commitment's packing range-checks them.
 *
 * Two templates: `ZkmlLayers()` is the model alone (in, weights, biases → out), reusable by other
 * circuits (the bounty's accuracy circuit instantiates it once per sample); `ZkmlModel()` wraps it
 * with the input's domain check (every input in the declared [lo, hi]) or its tagged commitment, and
 * the model commitment with its architecture hash (docs/PROTOCOL.md §2, §3). With a hashed input the
 * two commitments are folded into one public `claim` (§3a): public signals [out, claim].
 */
import type { QGraph, QNode, QWeight } from '../quantize/types.js';
import { TEMPLATES, templateParams, elements } from './templates.js';
import { cheapestCommit } from '../../circuits/packed-poseidon-commit.js';
import { PoseidonCommit } from '../../circuits/poseidon-commit.js';
import { PackedPoseidonCommit } from '../../circuits/packed-poseidon-commit.js';
import { RangeCheck } from '../../circuits/range-check.js';
import { IntervalCheck } from '../../circuits/interval-check.js';
import { InputCommit } from '../../circuits/input-commit.js';
import { ByteInput } from '../../circuits/byte-input.js';
import { ByteInputCommit } from '../../circuits/byte-input-commit.js';
import { architectureOf, archHash, tensorWidth } from '../commit/architecture.js';
import { tag, MODEL_TAG, CLAIM_TAG } from '../commit/tags.js';
import { inputDescriptorOf, inputTag, isByteInput } from '../commit/input.js';

export type InputVisibility = 'public' | 'private' | 'hashed';
/**
 * Where the model's parameters live. `private` (default): circuit inputs bound by the public model
 * commitment. `public`: compile-time constants of the circuit (a known model proving what it made of
 * a private input); every multiply-accumulate is then a linear combination (0 constraints at --O2),
 * there is no weight input and no model commitment, and the verification key pins the model.
 */
export type WeightsVisibility = 'private' | 'public';

/** Kinds whose template is only multiply-accumulates with the parameters: free when the parameters are constants. */
export const PUBLIC_FREE_KINDS: ReadonlySet<string> = new Set(['dense', 'conv2d', 'conv1d', 'depthwiseConv2d', 'pointwiseConv2d', 'batchNorm']);

/** A node's constraints in a circuit with the given weights mode (public weights make the MAC layers free). */
export function nodeConstraints(n: Pick<QNode, 'kind' | 'constraints'>, weights: WeightsVisibility): number {
  return weights === 'public' && PUBLIC_FREE_KINDS.has(n.kind) ? 0 : n.constraints;
}

export interface ParamSlot { node: string; signal: string; group: 'weights' | 'biases'; offset: number; size: number; shape: number[] }

export interface CircuitPlan {
  source: string;
  /** library files the main includes */
  includes: string[];
  /** where each private parameter lives in `weights` / `biases` */
  slots: ParamSlot[];
  nWeights: number;
  nBiases: number;
  weightBits: number;
  biasBits: number;
  /** names of the public signals, in snarkjs order (outputs, then public inputs) */
  publicSignals: string[];
  input: InputVisibility;
  /** how the `in` wires are read (PROTOCOL §3): bytes (value = byte / 255) or the integers of [lo, hi] */
  inputEncoding: 'u8' | 'interval';
  /** where the parameters live: circuit inputs under the model commitment, or constants of the circuit */
  weights: WeightsVisibility;
  /** estimated constraints, by node and in total */
  estimate: { total: number; byNode: { id: string; kind: string; constraints: number }[]; commitment: number; input: number; claim: number };
  /** the architecture hash folded into the model commitment (decimal) */
  archHash: string;
  /** the `ZkmlLayers()` template alone (with its includes), for circuits that reuse the model */
  layers: { source: string; includes: string[]; output: 'class' | 'logits'; outputSize: number };
}

import { CodegenError } from './errors.js';
export { CodegenError };

const WEIGHT_SIGNALS = new Set(['weights', 'scale']);
/** Template inputs that carry private parameters (never activations); a layer may lack a bias. */
const PARAM_SIGNALS = new Set(['weights', 'bias', 'scale', 'shift']);

/** `[i \ 12][(i \ 4) % 3][i % 4]` for shape [.., 3, 4] and loop variable i. */
export function nestedIndex(shape: readonly number[], v: string): string {
  if (shape.length === 0) return '';
  return shape.map((_, k) => {
    const stride = shape.slice(k + 1).reduce((a, b) => a * b, 1);
    const div = stride === 1 ? v : `(${v} \\ ${stride})`;
    return k === 0 ? `[${div}]` : `[${div} % ${shape[k]}]`;
  }).join('');
}

export function paramSlots(g: QGraph): { slots: ParamSlot[]; nWeights: number; nBiases: number; weightBits: number; biasBits: number } {
  const slots: ParamSlot[] = [];
  let nW = 0, nB = 0, wBits = 2, bBits = 2;
  for (const n of g.nodes) {
    for (const [signal, w] of Object.entries(n.weights)) {
      const size = w.data.length;
      if (size === 0) continue;
      const group = WEIGHT_SIGNALS.has(signal) ? 'weights' : 'biases';
      const bits = widthOf(w);
      if (group === 'weights') { slots.push({ node: n.id, signal, group, offset: nW, size, shape: w.shape }); nW += size; wBits = Math.max(wBits, bits); }
      else { slots.push({ node: n.id, signal, group, offset: nB, size, shape: w.shape }); nB += size; bBits = Math.max(bBits, bits); }
    }
  }
  return { slots, nWeights: nW, nBiases: nB, weightBits: wBits, biasBits: bBits };
}

function widthOf(w: QWeight): number {
  return w.width ?? tensorWidth(w.data);
}

function commitCost(n: number, bits: number): { template: 'PackedPoseidonCommit' | 'PoseidonCommit'; constraints: number } {
  return cheapestCommit(n, bits) as { template: 'PackedPoseidonCommit' | 'PoseidonCommit'; constraints: number };
}

export function generateCircuit(g: QGraph, opts: { input?: InputVisibility; weights?: WeightsVisibility; name?: string } = {}): CircuitPlan {
  const input = opts.input ?? 'public';
  const weightsMode = opts.weights ?? 'private';
  if (weightsMode !== 'private' && weightsMode !== 'public') throw new CodegenError(`unknown weights mode ${JSON.stringify(weightsMode)}: use "private" or "public"`);
  const isPublic = weightsMode === 'public';
  const { slots, nWeights, nBiases, weightBits, biasBits } = paramSlots(g);
  const includes = new Set<string>();
  const layerFiles = new Set<string>();
  const body: string[] = [];
  const sigName = new Map<string, string>([['in', 'in']]);
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const last = byId.get(g.output)!;
  const byNode: CircuitPlan['estimate']['byNode'] = [];
  const L = (s = '') => body.push(s ? `    ${s}` : '');

  for (const n of g.nodes) {
    if (n.kind === 'input') continue;
    const src = n.inputs.map((i) => sigName.get(i)!);
    const size = elements(n.shape);
    const cost = nodeConstraints(n, weightsMode);
    const header = `// ${n.id}: ${n.comment} → [${n.shape.join('×') || 'scalar'}], scale 2^${n.scale}, ${n.bits}-bit, ~${cost} constraints${cost !== n.constraints ? ' (constant weights: linear)' : ''}`;
    byNode.push({ id: n.id, kind: n.kind, constraints: cost });
    if (n.kind === 'flatten' || n.kind === 'reshape') { L(header.replace(/, ~0 constraints$/, ', wiring only')); sigName.set(n.id, src[0]); L(); continue; }
    L(header);
    const t = `t_${n.id}`;
    sigName.set(n.id, t);
    if (n.kind === 'scaleUp') {
      L(`signal ${t}[${size}];`);
      L(`for (var i = 0; i < ${size}; i++) ${t}[i] <== ${src[0]}[i] * ${1n << BigInt(n.params.K)};`);
      L(); continue;
    }
    if (n.kind === 'globalSumPool2d') {
      const { H, W, C } = n.params as Record<string, number>;
      L(`signal ${t}[${C}];`);
      L(`for (var c = 0; c < ${C}; c++) {`);
      L(`    var acc = 0;`);
      L(`    for (var i = 0; i < ${Number(H) * Number(W)}; i++) acc += ${src[0]}[i * ${C} + c];`);
      L(`    ${t}[c] <== acc;`);
      L(`}`);
      L(); continue;
    }
    const use = TEMPLATES[n.kind];
    if (!use) throw new CodegenError(`no template for ${n.kind} (${n.comment})`);
    includes.add(use.sig.file);
    layerFiles.add(use.sig.file);
    const p = templateParams(n, use);
    const args = use.sig.params.map((k) => String(p[k])).join(', ');
    const c = `c_${n.id}`;
    if (use.elementwise) {
      const off = n.params.OFFSET ? ` + ${n.params.OFFSET}` : '';
      L(`signal ${t}[${size}];`);
      L(`component ${c}[${size}];`);
      L(`for (var i = 0; i < ${size}; i++) {`);
      L(`    ${c}[i] = ${use.sig.template}(${args});`);
      L(`    ${c}[i].in <== ${src[0]}[i]${off};`);
      L(`    ${t}[i] <== ${c}[i].out;`);
      L(`}`);
      L(); continue;
    }
    L(`component ${c} = ${use.sig.template}(${args});`);
    const ins = use.sig.inputs(p);
    const inputSignals = Object.keys(ins).filter((k) => !PARAM_SIGNALS.has(k) && elements(ins[k]) > 0);
    inputSignals.forEach((k, j) => {
      const shape = ins[k];
      L(`for (var i = 0; i < ${elements(shape)}; i++) ${c}.${k}${nestedIndex(shape, 'i')} <== ${src[j]}[i];`);
    });
    for (const [k, shape] of Object.entries(ins)) {
      if (!PARAM_SIGNALS.has(k) || elements(shape) === 0) continue;
      const slot = slots.find((s) => s.node === n.id && s.signal === k);
      if (!slot) {
        // a Keras layer without this parameter (Dense/Conv with use_bias=False): the template's is zero
        L(`for (var i = 0; i < ${elements(shape)}; i++) ${c}.${k}${nestedIndex(shape, 'i')} <== 0;`);
        continue;
      }
      L(`for (var i = 0; i < ${slot.size}; i++) ${c}.${k}${nestedIndex(shape, 'i')} <== ${slot.group}[${slot.offset} + i];`);
    }
    const outs = use.sig.outputs(p);
    if (n.kind === 'argmax') {
      L(`signal ${t};`);
      L(`${t} <== ${c}.out;`);
    } else {
      const shape = outs.out;
      L(`signal ${t}[${size}];`);
      L(`for (var i = 0; i < ${size}; i++) ${t}[i] <== ${c}.out${nestedIndex(shape, 'i')};`);
    }
    L();
  }

  // ---- the commitment to the model (PROTOCOL §2), and the input's domain (§3) ----
  const arch = archHash(architectureOf(g));
  const commitLines: string[] = [];
  let commitment = 0;
  const parts: string[] = [];
  if (!isPublic) {
  for (const [name, n, bits] of [['weights', nWeights, weightBits], ['biases', nBiases, biasBits]] as const) {
    if (n === 0) { parts.push('0'); continue; }
    const cc = commitCost(n, bits);
    const tmpl = cc.template === 'PackedPoseidonCommit' ? PackedPoseidonCommit : PoseidonCommit;
    includes.add(tmpl.file);
    commitLines.push(`component commit_${name} = ${cc.template === 'PackedPoseidonCommit' ? `PackedPoseidonCommit(${n}, ${bits})` : `PoseidonCommit(${n})`};`);
    commitLines.push(`commit_${name}.in <== ${name};`);
    if (cc.template !== 'PackedPoseidonCommit') {
      // unpacked values still need their range checked, or the commitment does not bound them
      includes.add(RangeCheck.file);
      commitLines.push(`component range_${name}[${n}];`);
      commitLines.push(`for (var i = 0; i < ${n}; i++) { range_${name}[i] = RangeCheck(${bits}); range_${name}[i].in <== ${name}[i]; }`);
      commitment += n * RangeCheck.constraints({ B: bits });
    }
    commitment += cc.constraints;
    parts.push(`commit_${name}.out`);
  }
  includes.add(PoseidonCommit.file);
  commitLines.push(`// commitment = PoseidonCommit(tag("${MODEL_TAG}"), archHash, weights, biases): the architecture is part of it`);
  commitLines.push(`component commit_model = PoseidonCommit(4);`);
  commitLines.push(`commit_model.in[0] <== ${tag(MODEL_TAG)};`);
  commitLines.push(`commit_model.in[1] <== ${arch};`);
  parts.forEach((p, i) => commitLines.push(`commit_model.in[${i + 2}] <== ${p};`));
  commitLines.push(`commitment <== commit_model.out;`);
  // a constant lane's first S-box is computed at compile time: 3 constraints fewer each
  commitment += PoseidonCommit.constraints({ N: 4 }) - 3 * (2 + parts.filter((p) => p === '0').length);
  }

  const inN = elements(g.inputShape);
  const inNode = byId.get('in')!;
  const [lo, hi] = [inNode.lo, inNode.hi];
  if (lo >= hi) throw new CodegenError(`the input range [${g.inputRange.join(', ')}] holds a single value at 2^-${g.inputScale}: nothing to prove`);
  const inputLines: string[] = [];
  let inputCost = 0;
  // Byte input (PROTOCOL §3, `encoding: "u8"`): a range [0, 1] at 2^-F with F ≡ 0 (mod 8) reads its wires
  // as bytes v (value v / 255), 8 bits each, and gives the layers round(v · 2^F / 255) (linear).
  const desc = inputDescriptorOf(g);
  const bytes = isByteInput(desc);
  const F = g.inputScale;
  let layersIn = 'in';
  if (bytes && input === 'hashed') {
    const t = inputTag(desc);
    includes.add(ByteInputCommit.file);
    inputLines.push(`// the input stays private: bytes v (the value v / 255, the declared range [${g.inputRange.join(', ')}]), each proven to be 8 bits;`);
    inputLines.push(`// their commitment (8-bit digits, tagged with the input's shape, width, scale, range and encoding) is public`);
    inputLines.push(`component commit_input = ByteInputCommit(${inN}, ${F}, ${t});`);
    inputLines.push(`commit_input.in <== in;`);
    inputLines.push(`inputCommitment <== commit_input.commitment;`);
    layersIn = 'commit_input.out';
    inputCost = ByteInputCommit.constraints({ N: inN, F, TAG: t });
  } else if (bytes) {
    includes.add(ByteInput.file);
    inputLines.push(`// every ${input} input value is a byte v (the value v / 255, the declared range [${g.inputRange.join(', ')}]), proven to be 8 bits;`);
    inputLines.push(`// the layers read round(v · 2^${F} / 255)`);
    inputLines.push(`component bytes_in = ByteInput(${inN}, ${F});`);
    inputLines.push(`bytes_in.in <== in;`);
    layersIn = 'bytes_in.out';
    inputCost = ByteInput.constraints({ N: inN, F });
  } else if (input === 'hashed') {
    const t = inputTag(desc);
    includes.add(InputCommit.file);
    inputLines.push(`// the input stays private; its commitment (tagged with its shape, width, scale and range) is public,`);
    inputLines.push(`// and every value is proven to lie in [${lo}, ${hi}] (the declared range [${g.inputRange.join(', ')}])`);
    inputLines.push(`component commit_input = InputCommit(${inN}, ${lo}, ${hi}, ${t});`);
    inputLines.push(`commit_input.in <== in;`);
    inputLines.push(`inputCommitment <== commit_input.out;`);
    inputCost = InputCommit.constraints({ N: inN, LO: lo, HI: hi, TAG: t });
  } else {
    includes.add(IntervalCheck.file);
    inputLines.push(`// every ${input} input value lies in [${lo}, ${hi}]: the declared range [${g.inputRange.join(', ')}] at 2^-${g.inputScale}`);
    inputLines.push(`component range_in[${inN}];`);
    inputLines.push(`for (var i = 0; i < ${inN}; i++) { range_in[i] = IntervalCheck(${lo}, ${hi}); range_in[i].in <== in[i]; }`);
    inputCost = inN * IntervalCheck.constraints({ LO: lo, HI: hi });
  }

  const isClass = last.kind === 'argmax';
  const outN = elements(last.shape);
  const outDecl = isClass ? 'signal output out;' : `signal output out[${outN}];`;
  const outWire = isClass ? `out <== ${sigName.get(last.id)};` : `for (var i = 0; i < ${outN}; i++) out[i] <== ${sigName.get(last.id)}[i];`;
  const layersTotal = g.nodes.reduce((a, n) => a + nodeConstraints(n, weightsMode), 0);
  // Private weights and a hashed input: the two commitments are folded into one public `claim`
  // (PROTOCOL §3a), so the proof has two public signals (class, claim) and costs one ecMul less on chain.
  const folded = !isPublic && input === 'hashed';
  const claimLines: string[] = [];
  let claimCost = 0;
  if (folded) {
    claimLines.push(`// claim = PoseidonCommit(tag("${CLAIM_TAG}"), commitment, inputCommitment): the one public value for both`);
    claimLines.push('component commit_claim = PoseidonCommit(3);');
    claimLines.push(`commit_claim.in[0] <== ${tag(CLAIM_TAG)};`);
    claimLines.push('commit_claim.in[1] <== commitment;');
    claimLines.push('commit_claim.in[2] <== inputCommitment;');
    claimLines.push('claim <== commit_claim.out;');
    // the tag is a constant lane: its first S-box is computed at compile time
    claimCost = PoseidonCommit.constraints({ N: 3 }) - 3;
  }
  const total = layersTotal + commitment + inputCost + claimCost;

  const publicSignals = [
    ...(isClass ? ['out'] : Array.from({ length: outN }, (_, i) => `out[${i}]`)),
    ...(folded ? ['claim'] : [
      ...(isPublic ? [] : ['commitment']),
      ...(input === 'hashed' ? ['inputCommitment'] : []),
    ]),
    ...(input === 'public' ? Array.from({ length: inN }, (_, i) => `in[${i}]`) : []),
  ];

  const layerIncludes = [...layerFiles].sort();
  const inDecl = `    signal input in[${inN}];            // model input, row-major [${g.inputShape.join('][')}]`;
  const paramDecls = isPublic ? [inDecl] : [
    inDecl,
    `    signal input weights[${nWeights}];     // private: every kernel value (${weightBits}-bit)`,
    ...(nBiases ? [`    signal input biases[${nBiases}];      // private: biases and shifts on their accumulator scales (${biasBits}-bit)`] : []),
  ];
  const constDecls = isPublic ? publicParamVars(g) : [];
  const layersTemplate = [
    `// ZkmlLayers(): the model alone, in → out (${layersTotal} constraints). The caller must still bound \`in\` to`,
    isPublic
      ? `// [${lo}, ${hi}]. Public model: the weights and biases are constants of this template (the verification key pins them).`
      : `// [${lo}, ${hi}] and bind weights and biases (ZkmlModel below does both).`,
    'template ZkmlLayers() {',
    ...paramDecls,
    `    ${outDecl}${isClass ? '                  // the class index (argmax of the logits; ties → lowest index)' : `       // raw output at scale 2^${last.scale}`}`,
    ...constDecls,
    '',
    ...body,
    `    ${outWire}`,
    '}',
  ];
  const source = [
    'pragma circom 2.2.3;',
    bytes
      ? `// ${opts.name ?? 'model'}: generated by ZKML. Input [${g.inputShape.join('×')}] as ${input} bytes (value = byte / 255, range [${g.inputRange.join(', ')}]), read at 2^-${g.inputScale}.`
      : `// ${opts.name ?? 'model'}: generated by ZKML. Input [${g.inputShape.join('×')}] as ${input} fixed point 2^-${g.inputScale}, range [${g.inputRange.join(', ')}].`,
    isPublic
      ? `// Public model: weights and biases are constants of the circuit (no weight input, no model commitment). Estimated constraints: ${total} (layers ${layersTotal}, input ${inputCost}).`
      : `// Estimated constraints: ${total} (layers ${layersTotal}, model commitment ${commitment}, input ${inputCost}${folded ? `, claim ${claimCost}` : ''}).`,
    `// Weights are ${weightBits}-bit, activations at most ${g.options.actBits}-bit; every bound is worst case.`,
    ...[...includes].sort().map((f) => `include "${f}";`),
    '',
    ...layersTemplate,
    '',
    'template ZkmlModel() {',
    ...paramDecls,
    `    ${outDecl}`,
    ...(folded ? ['    signal output claim;                // PoseidonCommit(tag("claim/v1"), commitment, inputCommitment)'] : []),
    ...(isPublic ? [] : [`    signal ${folded ? '' : 'output '}commitment;${folded ? '       ' : ''}           // Poseidon commitment to the model: its architecture and parameters`]),
    ...(input === 'hashed' ? [`    signal ${folded ? '' : 'output '}inputCommitment;${folded ? '       ' : ''}      // Poseidon commitment to the input, tagged with how it is read`] : []),
    '',
    // a byte input is converted before the layers read it (circom wires a component's inputs before its outputs)
    ...(layersIn === 'in' ? [] : [...inputLines.map((l) => `    ${l}`), '']),
    '    component layers = ZkmlLayers();',
    `    layers.in <== ${layersIn};`,
    ...(isPublic ? [] : ['    layers.weights <== weights;']),
    ...(nBiases && !isPublic ? ['    layers.biases <== biases;'] : []),
    `    out <== layers.out;`,
    '',
    ...[...(layersIn === 'in' ? inputLines : []), ...commitLines, ...claimLines].map((l) => `    ${l}`),
    '}',
    '',
    `component main${input === 'public' ? ' {public [in]}' : ''} = ZkmlModel();`,
    '',
  ].join('\n');

  return {
    source, includes: [...includes].sort(), slots, nWeights, nBiases, weightBits, biasBits, publicSignals, input, inputEncoding: bytes ? 'u8' : 'interval', weights: weightsMode,
    estimate: { total, byNode, commitment, input: inputCost, claim: claimCost },
    archHash: arch.toString(),
    layers: { source: layersTemplate.join('\n'), includes: layerIncludes, output: isClass ? 'class' : 'logits', outputSize: isClass ? 1 : outN },
  };
}

/**
 * A public model's parameters as `var` arrays of the layers template, in the slot layout of the
 * private circuit's `weights` and `biases` inputs: the same wiring lines then read constants, and
 * --O2 folds every product with them into a linear combination.
 */
function publicParamVars(g: QGraph): string[] {
  const { weights, biases } = flatParams(g);
  const arr = (name: string, v: bigint[]) => {
    if (v.length === 0) return [];
    const rows: string[] = [];
    for (let i = 0; i < v.length; i += 24) rows.push(`        ${v.slice(i, i + 24).join(', ')}${i + 24 < v.length ? ',' : ''}`);
    return [`    var ${name}[${v.length}] = [`, ...rows, '    ];'];
  };
  return [
    '    // the public model: every parameter is a constant of the circuit (products with it are linear)',
    ...arr('weights', weights),
    ...arr('biases', biases),
  ];
}

/** Every parameter in the flat `weights` / `biases` layout of the slots (the private circuit's inputs). */
export function flatParams(g: QGraph): { weights: bigint[]; biases: bigint[] } {
  const { slots, nWeights, nBiases } = paramSlots(g);
  const weights = new Array<bigint>(nWeights).fill(0n), biases = new Array<bigint>(nBiases).fill(0n);
  for (const s of slots) {
    const data = g.nodes.find((q) => q.id === s.node)!.weights[s.signal].data;
    (s.group === 'weights' ? weights : biases).splice(s.offset, s.size, ...data);
  }
  return { weights, biases };
}
