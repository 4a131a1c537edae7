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
// Bounties (BountyManager): terms and challenges, one action per file, rebuild from logs.
export { bountyManagerAbi, bountyManagerBytecode, bountyManagerDeployedSize } from './abi/bounty-manager.js';
export * from './bounty-calldata.js';
export * from './send-bounty-tx.js';
export * from './create-bounty.js';
export * from './commit-model.js';
export * from './reveal-test-set.js';
export * from './submit-batch-proof.js';
export * from './finalize-bounty.js';
export * from './hand-over.js';
export * from './settle-bounty.js';
export * from './withdraw.js';
export * from './get-credit.js';
export * from './get-bounty.js';
export * from './get-revealed-test-set.js';
export * from './rebuild-bounties.js';
