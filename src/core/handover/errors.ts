import { ZkmlError } from '../errors.js';

/**
 * The ciphertext does not decrypt under this key: its authentication (the Poseidon cipher's tag and
 * zero padding) fails. A wrong secret key, another hunter key or nonce, or an altered ciphertext.
 */
export class WrongKeyError extends ZkmlError {
  override name = 'WrongKeyError';
  constructor(reason: 'tag' | 'padding') {
    super('the model does not decrypt with this key: the ciphertext\'s authentication check failed (wrong key, nonce or hunter key, or an altered ciphertext)', { details: { reason } });
  }
}

/** A key file that is not a ZKML BabyJubJub key file, or whose contents contradict each other. */
export class BadKeyFileError extends ZkmlError {
  override name = 'BadKeyFileError';
  constructor(problem: string, opts: { cause?: unknown } = {}) {
    super(`not a valid ZKML key file: ${problem}`, { cause: opts.cause, details: { problem } });
  }
}

/** The passphrase does not open the key file (AES-GCM authentication failed; also when the file was altered). */
export class WrongPassphraseError extends ZkmlError {
  override name = 'WrongPassphraseError';
  constructor() {
    super('wrong passphrase for this key file (or the file was altered)');
  }
}

/** A secret or public key that cannot be used: outside [1, l), off the curve, outside the prime subgroup. */
export class InvalidKeyError extends ZkmlError {
  override name = 'InvalidKeyError';
  constructor(problem: string, details: Record<string, unknown> = {}) {
    super(`invalid BabyJubJub key: ${problem}`, { details: { problem, ...details } });
  }
}

/** A ciphertext, nonce or limb vector of the wrong shape or range for the hand-over. */
export class HandoverDataError extends ZkmlError {
  override name = 'HandoverDataError';
  constructor(problem: string, details: Record<string, unknown> = {}) {
    super(`hand-over data: ${problem}`, { details: { problem, ...details } });
  }
}

/** The decrypted limbs do not open the bounty's model commitment (another model, or another architecture). */
export class CommitmentMismatchError extends ZkmlError {
  override name = 'CommitmentMismatchError';
  constructor(expected: bigint, got: bigint) {
    super('the decrypted model does not match the committed model', { details: { expected: String(expected), got: String(got) } });
  }
}
