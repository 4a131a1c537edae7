export type { KerasLayer, KerasModel, KerasWeight, ModelFormat } from './types.js';
export { countParams } from './types.js';
export { InvalidWeightsError, MissingWeightsError, ModelFormatError, UnsupportedModelError, isModelLoadError, type ModelLoadError } from './errors.js';
export { loadTfjsModel, type ShardSource } from './load-tfjs.js';
export { loadH5Model } from './load-h5.js';
export { loadKerasModel, loadKerasParts } from './load-keras.js';
export { loadModel, sniff, type ModelFile } from './load-model.js';
export { expectedWeights } from './weight-specs.js';
