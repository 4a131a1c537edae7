/**
 * The Solidity build is reproducible and the committed ABI/bytecode modules are what it makes.
 */
import { describe, it, expect } from 'vitest';
import * as fs from 'node:fs';
import { buildArtifacts, compileSolidity, readContractSources, solcVersion, SOLC_VERSION } from '../../scripts/compile-contracts.js';
import { verifierRegistryBytecode, verifierRegistryDeployedSize } from './abi/verifier-registry.js';

describe('contract build (solc-js, pinned)', () => {
  it(`uses solc ${SOLC_VERSION}`, () => {
    expect(solcVersion()).toMatch(new RegExp(`^${SOLC_VERSION.replace(/\./g, '\\.')}\\+commit\\.`));
  });

  it('regenerating src/chain/abi/ gives byte-identical files (run scripts/compile-contracts.ts if not)', () => {
    const files = buildArtifacts();
    expect(Object.keys(files).length).toBeGreaterThan(0);
    for (const [file, content] of Object.entries(files)) {
      expect(fs.existsSync(file), file).toBe(true);
      expect(fs.readFileSync(file, 'utf8'), file).toBe(content);
    }
  });

  it('bytecode depends on the code only: no metadata trailer, comments and unit paths do not matter', () => {
    const sources = readContractSources();
    const a = compileSolidity(sources)['VerifierRegistry.sol:VerifierRegistry'];
    expect(a.bytecode).toBe(verifierRegistryBytecode);
    expect((a.deployedBytecode.length - 2) / 2).toBe(verifierRegistryDeployedSize);
    // A CBOR metadata trailer would end with its length and contain "ipfs"/"solc" keys.
    expect(a.deployedBytecode).not.toMatch(/6970667358|64736f6c63/);
    const commented = { ...sources, 'VerifierRegistry.sol': `// a different comment\n${sources['VerifierRegistry.sol']}` };
    expect(compileSolidity(commented)['VerifierRegistry.sol:VerifierRegistry'].bytecode).toBe(a.bytecode);
  });

  it('every contract the build makes fits EIP-170', () => {
    for (const [name, c] of Object.entries(compileSolidity(readContractSources()))) {
      expect((c.deployedBytecode.length - 2) / 2, name).toBeLessThanOrEqual(24_576);
    }
  });
});
