/**
 * Test sets of ML bounties (docs/PROTOCOL.md §4–§6): the provider's salted commitment, the reveal
 * calldata and its fingerprint, the hunter's reading of a reveal, and the circuit inputs of the
 * reveal proof and of an accuracy batch. Pure and isomorphic.
 */
export { TestSetError, type TestSetErrorReason } from './errors.js';
export { ELEMENT_BYTES, SALT_BYTES, testBatchElements, bytesToElements, elementsToBytes, batchPayload } from './layout.js';
export { commitTestSet, testSetPath, batchContents, randomSalt, type TestSet, type TestSetBatch, type CommitOptions } from './commit.js';
export { revealCalldata, revealRho, revealEval, testSetFromReveal, type RevealShape } from './reveal.js';
export { revealWitness, batchOpeningWitness, type RevealWitness, type BatchOpeningWitness } from './witness.js';
export { accuracyWitness, type AccuracyBindings, type AccuracyWitness } from './accuracy.js';
