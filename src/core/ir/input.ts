import type { IrLayerDef } from './layer.js';

/** InputLayer is the graph's input; Dropout (and other inference no-ops) pass through. */
export const input: IrLayerDef = { classes: ['InputLayer'], build: () => [] };
export const identity: IrLayerDef = { classes: ['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'ActivityRegularization'], build: () => [] };
