export { BASE8, SUBORDER, addPoint, mulPoint, isOnCurve, isValidPublicKey, type Point } from './babyjub.js';
export {
  generateKeyPair, secretKeyFromSeed, generateHunterKeyPair, hunterSecretKeyFromSeed, checkHunterSecretKey, isHunterSecretKey, HUNTER_SK_BITS, publicKey, checkPublicKey, checkProviderKey, checkSecretKey, exportKeyFile, importKeyFile,
  KEY_FILE_KIND, DEFAULT_KDF_ITERATIONS, MIN_KDF_ITERATIONS, type KeyPair,
} from './keys.js';
export {
  encryptModel, decryptModel, evalAt, encodeWords, handoverWitness, randomNonce, sharedKey, ciphertextLength,
  modelCommitmentFromLimbs, openModel, type HandoverWitness,
} from './handover.js';
export { unpackLimbs, groupValues, groupLimbCount, handoverLimbCounts, unpackModel, type ParamShape } from './limbs.js';
export { WrongKeyError, BadKeyFileError, WrongPassphraseError, InvalidKeyError, HandoverDataError, CommitmentMismatchError } from './errors.js';
