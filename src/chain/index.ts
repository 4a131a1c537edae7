/** Chain foundation: VerifierRegistry ABI, viem actions (one per file), calldata helpers, errors. */
export { verifierRegistryAbi, verifierRegistryBytecode, verifierRegistryDeployedSize } from './abi/verifier-registry.js';
export * from './calldata.js';
export * from './errors.js';
export * from './types.js';
export * from './deployments.js';
export * from './check-chain.js';
export * from './deploy-contracts.js';
export * from './deploy-verifier.js';
export * from './get-circuit.js';
export * from './register-circuit.js';
export * from './verify-on-chain.js';
export * from './get-claim.js';
