import { ZkmlError } from '../errors.js';

export class CodegenError extends ZkmlError { override name = 'CodegenError'; }
