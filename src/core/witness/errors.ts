import { ZkmlError } from '../errors.js';

/** A model input of the wrong shape (names the expected shape) or with a non-finite value. */
export class InputShapeError extends ZkmlError { override name = 'InputShapeError'; }
/** A model input outside the range the circuit was built for. */
export class InputRangeError extends ZkmlError { override name = 'InputRangeError'; }
