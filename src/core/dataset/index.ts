export * from './errors.js';
export * from './manifest.js';
export * from './samples.js';
