/**
 * Every template of the circuit library, by circom template name. The transpiler, the cost
 * estimator and the benchmark look templates up here instead of importing each signature file.
 * `registry.test.ts` keeps it complete: every `template` in a `.circom` file of this folder and
 * every `defineTemplate(...)` export of its `.ts` files has an entry, and every entry's file
 * defines that template.
 */
import { ZkmlError } from '../core/errors.js';
import type { TemplateSignature, Params } from './signature.js';

import { Add } from './add.js';
import { ArgMax } from './arg-max.js';
import { AveragePooling2D } from './average-pooling2d.js';
import { BatchLeaf } from './batch-leaf.js';
import { BatchNorm } from './batch-norm.js';
import { BatchOpening } from './batch-opening.js';
import { ByteToFixed } from './byte-to-fixed.js';
import { ByteInput } from './byte-input.js';
import { ByteInputCommit } from './byte-input-commit.js';
import { BytesUnpack } from './bytes-unpack.js';
import { Clip } from './clip.js';
import { Concatenate } from './concatenate.js';
import { Conv1D } from './conv1d.js';
import { Conv2D } from './conv2d.js';
import { CountCorrect } from './count-correct.js';
import { Dense } from './dense.js';
import { DepthwiseConv2D } from './depthwise-conv2d.js';
import { DivFloor } from './div-floor.js';
import { Ecdh } from './ecdh.js';
import { Flatten } from './flatten.js';
import { GlobalAveragePooling2D } from './global-average-pooling2d.js';
import { GlobalMaxPooling2D } from './global-max-pooling2d.js';
import { Handover } from './handover.js';
import { HardSigmoid } from './hard-sigmoid.js';
import { InputCommit } from './input-commit.js';
import { IntervalCheck } from './interval-check.js';
import { LeakyReLU } from './leaky-relu.js';
import { MaxN } from './max.js';
import { MaxPooling2D } from './max-pooling2d.js';
import { MerklePath } from './merkle-path.js';
import { MerkleRoot } from './merkle-root.js';
import { MontDoubleAdd } from './mont-double-add.js';
import { PackedPoseidonCommit } from './packed-poseidon-commit.js';
import { PointwiseConv2D } from './pointwise-conv2d.js';
import { Poly, RangedPoly } from './poly.js';
import { PolyEval } from './poly-eval.js';
import { PoseidonCommit } from './poseidon-commit.js';
import { PoseidonEncrypt } from './poseidon-encrypt.js';
import { RangeCheck } from './range-check.js';
import { ReLU } from './relu.js';
import { RevealTestSet } from './reveal-test-set.js';
import { Rescale } from './rescale.js';
import { RescaleReLU } from './rescale-relu.js';
import { Reshape } from './reshape.js';
import { SeparableConv2D } from './separable-conv2d.js';
import { SumPooling2D } from './sum-pooling2d.js';
import { UpSampling2D } from './upsampling2d.js';
import { ZeroPadding2D } from './zero-padding2d.js';

// Keys are the circom template names (the test checks key === entry.template).
const ENTRIES = {
  Add,
  ArgMax,
  AveragePooling2D,
  BatchLeaf,
  BatchNorm,
  BatchOpening,
  ByteInput,
  ByteInputCommit,
  ByteToFixed,
  BytesUnpack,
  Clip,
  Concatenate,
  Conv1D,
  Conv2D,
  CountCorrect,
  Dense,
  DepthwiseConv2D,
  DivFloor,
  Ecdh,
  Flatten,
  GlobalAveragePooling2D,
  GlobalMaxPooling2D,
  Handover,
  HardSigmoid,
  InputCommit,
  IntervalCheck,
  LeakyReLU,
  MaxN,
  MaxPooling2D,
  MerklePath,
  MerkleRoot,
  MontDoubleAdd,
  PackedPoseidonCommit,
  PointwiseConv2D,
  Poly,
  PolyEval,
  PoseidonCommit,
  PoseidonEncrypt,
  RangeCheck,
  RangedPoly,
  ReLU,
  Rescale,
  RescaleReLU,
  Reshape,
  RevealTestSet,
  SeparableConv2D,
  SumPooling2D,
  UpSampling2D,
  ZeroPadding2D,
} as const;

export type Registry = typeof ENTRIES;
export type TemplateName = keyof Registry;
/** Any registered signature, with its parameters loosely typed. */
export type AnyTemplateSignature = TemplateSignature<Params>;

/** Every template signature of the library, keyed by circom template name. */
export const REGISTRY: Readonly<Registry> = Object.freeze(ENTRIES);

/** The registered template names, sorted. */
export const TEMPLATE_NAMES: readonly TemplateName[] = Object.freeze((Object.keys(REGISTRY) as TemplateName[]).sort());

/** A template name that the library does not define. `details.known` lists the ones it does. */
export class UnknownTemplateError extends ZkmlError {
  override name = 'UnknownTemplateError';
  constructor(readonly template: string) {
    super(`unknown circuit template "${template}"; known templates: ${TEMPLATE_NAMES.join(', ')}`, {
      details: { template, known: [...TEMPLATE_NAMES] },
    });
  }
}

export function isTemplateName(name: string): name is TemplateName {
  return Object.prototype.hasOwnProperty.call(REGISTRY, name);
}

/** The signature of a template by circom name; throws UnknownTemplateError for names not in the library. */
export function templateByName<K extends TemplateName>(name: K): Registry[K];
export function templateByName(name: string): AnyTemplateSignature;
export function templateByName(name: string): AnyTemplateSignature {
  if (!isTemplateName(name)) throw new UnknownTemplateError(name);
  return REGISTRY[name] as AnyTemplateSignature;
}
