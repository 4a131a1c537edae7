export { trainModel, checkTrainingInput, initialModel, classCount, seededRandom, type TrainOptions, type TrainResult, type EpochStats } from './train.js';
export { fitToArchitecture, untrainableKinds, TRAINABLE_KINDS, type FloatParams } from './fit-architecture.js';
export { UnsupportedArchitectureError, EmptyDatasetError, ShapeMismatchError, TrainOptionsError, TrainingAbortedError, ArchitectureFitError } from './errors.js';
