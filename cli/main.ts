/**
 * The `zkml` command line: argument parsing (node:util parseArgs) and error reporting. Each command
 * lives in cli/commands/<name>.ts as a plain async function.
 *
 * Exit codes: 0 success, 1 `verify` found the proof invalid, 2 any error (usage errors included),
 * printed as `zkml: <ErrorName>: <message>`; the stack only with --debug.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';
import type { Io } from './format.js';
// Commands are imported when run, so `zkml --help` or a usage error does not load tfjs, snarkjs and circom.
import type { InputVisibility } from '../src/core/codegen/index.js';
import type { Scheme } from '../src/zk/ptau.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

interface Command {
  usage: string;
  summary: string;
  options: Options;
  positionals: string[];
  run(pos: string[], v: Values, io: Required<Io>): Promise<number>;
}

const GLOBAL: Options = {
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function intOption(v: Values, name: string, lo: number, hi: number): number | undefined {
  const s = v[name];
  if (s === undefined) return undefined;
  const n = Number(s);
  if (typeof s !== 'string' || !/^\d+$/.test(s.trim()) || n < lo || n > hi) throw new UsageError(`--${name} must be an integer ${lo}..${hi}, got ${JSON.stringify(s)}`);
  return n;
}

function rangeOption(s: string | boolean | undefined): [number, number] | undefined {
  if (s === undefined) return undefined;
  const parts = String(s).split(',').map((x) => x.trim());
  const [lo, hi] = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || !Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
    throw new UsageError(`--input-range must be lo,hi with lo < hi (e.g. --input-range 0,1 or --input-range=-1,1), got ${JSON.stringify(s)}`);
  }
  return [lo, hi];
}

function oneOf<T extends string>(s: string | boolean | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (s === undefined) return undefined;
  if (!allowed.includes(s as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(s)}`);
  return s as T;
}

const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

const COMMANDS: Record<string, Command> = {
  transpile: {
    usage: 'zkml transpile <model> -o <dir> [--raw] [--input public|private|hashed] [--weights private|public] [--act-bits N] [--weight-bits N] [--input-range lo,hi] [--calibration <file.json|dir>] [--labels labels.json]',
    summary: 'Keras model (.h5, .keras, tfjs model.json) → circuit.circom + quantization.json',
    options: {
      out: { type: 'string', short: 'o' }, raw: { type: 'boolean' }, input: { type: 'string' }, weights: { type: 'string' },
      'act-bits': { type: 'string' }, 'weight-bits': { type: 'string' }, 'input-range': { type: 'string' },
      calibration: { type: 'string' }, labels: { type: 'string' },
    },
    positionals: ['model'],
    async run([model], v, io) {
      if (!str(v, 'out')) throw new UsageError('transpile needs an output directory: -o <dir>');
      const { transpileCommand } = await import('./commands/transpile.js');
      await transpileCommand({
        ...io, model, out: str(v, 'out')!, raw: !!v.raw,
        input: oneOf<InputVisibility>(v.input, 'input', ['public', 'private', 'hashed']),
        weights: oneOf<'private' | 'public'>(v.weights, 'weights', ['private', 'public']),
        actBits: intOption(v, 'act-bits', 4, 64), weightBits: intOption(v, 'weight-bits', 2, 32),
        inputRange: rangeOption(v['input-range']), calibration: str(v, 'calibration'), labels: str(v, 'labels'),
      });
      return 0;
    },
  },
  compile: {
    usage: 'zkml compile <dir>',
    summary: 'circuit.circom → circuit.r1cs, circuit_js/circuit.wasm, circuit.sym (circom 2)',
    options: {},
    positionals: ['dir'],
    async run([dir], _v, io) {
      const { compileCommand } = await import('./commands/compile.js');
      await compileCommand({ ...io, dir });
      return 0;
    },
  },
  setup: {
    usage: 'zkml setup <dir> [--ptau FILE] [--scheme groth16|plonk|fflonk] [--dev-ptau-max N]',
    summary: 'circuit.r1cs + Powers of Tau → circuit.zkey, verification_key.json',
    options: { ptau: { type: 'string' }, scheme: { type: 'string' }, 'dev-ptau-max': { type: 'string' } },
    positionals: ['dir'],
    async run([dir], v, io) {
      const { setupCommand } = await import('./commands/setup.js');
      await setupCommand({
        ...io, dir, ptau: str(v, 'ptau'), scheme: oneOf<Scheme>(v.scheme, 'scheme', ['groth16', 'plonk', 'fflonk']),
        devPtauMaxPower: intOption(v, 'dev-ptau-max', 1, 27),
      });
      return 0;
    },
  },
  prove: {
    usage: 'zkml prove <dir> --input input.json',
    summary: 'input.json ({"input": nested array}) → proof.json, public.json',
    options: { input: { type: 'string' } },
    positionals: ['dir'],
    async run([dir], v, io) {
      if (!str(v, 'input')) throw new UsageError('prove needs --input input.json ({"input": <nested array in the model\'s input shape>})');
      const { proveCommand } = await import('./commands/prove.js');
      await proveCommand({ ...io, dir, input: str(v, 'input') });
      return 0;
    },
  },
  witness: {
    usage: 'zkml witness <dir> --input input.json [-o witness.wtns]',
    summary: 'input.json → witness.wtns (snarkjs format) for a native prover such as rapidsnark',
    options: { input: { type: 'string' }, out: { type: 'string', short: 'o' } },
    positionals: ['dir'],
    async run([dir], v, io) {
      if (!str(v, 'input')) throw new UsageError('witness needs --input input.json ({"input": <nested array in the model\'s input shape>})');
      const { witnessCommand } = await import('./commands/witness.js');
      await witnessCommand({ ...io, dir, input: str(v, 'input'), out: str(v, 'out') });
      return 0;
    },
  },
  verify: {
    usage: 'zkml verify <dir> [--proof proof.json] [--public public.json] [--commitments commitments.json]',
    summary: 'check proof.json + public.json (exit 0 valid, 1 invalid); a hashed input\'s claim against commitments.json',
    options: { proof: { type: 'string' }, public: { type: 'string' }, commitments: { type: 'string' } },
    positionals: ['dir'],
    async run([dir], v, io) {
      const { verifyCommand } = await import('./commands/verify.js');
      const r = await verifyCommand({ ...io, dir, proof: str(v, 'proof'), public: str(v, 'public'), commitments: str(v, 'commitments') });
      return r.valid ? 0 : 1;
    },
  },
  dataset: {
    usage: 'zkml dataset add <folder> [--description text] [--no-publish] [--peer url [--allow-public]] | zkml dataset get <cid> -o <folder> [--peer url [--allow-public]]',
    summary: 'datasets on IPFS: add a folder (samples + labels.json) and print its CIDs, or fetch one by CID',
    options: { out: { type: 'string', short: 'o' }, description: { type: 'string' }, 'no-publish': { type: 'boolean' }, peer: { type: 'string' }, 'allow-public': { type: 'boolean' } },
    positionals: ['add|get', 'folder|cid'],
    async run([sub, arg], v, io) {
      const { datasetAddCommand, datasetGetCommand } = await import('./commands/dataset.js');
      if (sub === 'add') { await datasetAddCommand({ ...io, folder: arg!, description: str(v, 'description'), publish: !v['no-publish'], peer: str(v, 'peer'), allowPublic: !!v['allow-public'] }); return 0; }
      if (sub === 'get') {
        if (!str(v, 'out')) throw new UsageError('dataset get needs an output folder: -o <folder>');
        await datasetGetCommand({ ...io, cid: arg!, out: str(v, 'out')!, peer: str(v, 'peer'), allowPublic: !!v['allow-public'] });
        return 0;
      }
      throw new UsageError(`dataset takes add or get, got ${JSON.stringify(sub)}`);
    },
  },
  keys: {
    usage: 'zkml keys new [-o key.json] [--passphrase text] [--force]',
    summary: 'a BabyJubJub key pair for the weight hand-over, in a passphrase-protected key file (or ZKML_PASSPHRASE); prints the public key',
    options: { out: { type: 'string', short: 'o' }, passphrase: { type: 'string' }, force: { type: 'boolean' }, 'kdf-iterations': { type: 'string' } },
    positionals: ['new'],
    async run([sub], v, io) {
      if (sub !== 'new') throw new UsageError(`keys takes new, got ${JSON.stringify(sub)}`);
      const { keysNewCommand } = await import('./commands/keys.js');
      await keysNewCommand({ ...io, out: str(v, 'out'), passphrase: str(v, 'passphrase'), force: !!v.force, iterations: intOption(v, 'kdf-iterations', 10_000, 100_000_000) });
      return 0;
    },
  },
  handover: {
    usage: 'zkml handover encrypt <project> --to <provider pk x,y | key file> [--nonce N] | zkml handover decrypt --key <file> --in <ciphertext.json> --architecture <json> --commitment <c> -o <dir> [--passphrase text]',
    summary: 'the winner encrypts its committed model to the provider with a Groth16 proof (development keys); the provider decrypts, checks the commitment and gets model.json, weights.bin, model.h5',
    options: {
      to: { type: 'string' }, nonce: { type: 'string' }, key: { type: 'string' }, in: { type: 'string' }, architecture: { type: 'string' },
      commitment: { type: 'string' }, out: { type: 'string', short: 'o' }, passphrase: { type: 'string' },
    },
    positionals: ['encrypt|decrypt', 'project?'],
    async run([sub, dir], v, io) {
      const { handoverEncryptCommand, handoverDecryptCommand } = await import('./commands/handover.js');
      if (sub === 'encrypt') {
        if (!dir || !str(v, 'to')) throw new UsageError('handover encrypt needs <project> and --to <provider public key>');
        await handoverEncryptCommand({ ...io, dir, to: str(v, 'to')!, nonce: str(v, 'nonce') });
        return 0;
      }
      if (sub === 'decrypt') {
        const need = ['key', 'in', 'architecture', 'commitment', 'out'].filter((k) => !str(v, k));
        if (dir || need.length) throw new UsageError(`handover decrypt takes no positional argument and needs ${need.map((k) => `--${k}`).join(', ') || 'nothing else'}`);
        await handoverDecryptCommand({ ...io, key: str(v, 'key')!, in: str(v, 'in')!, architecture: str(v, 'architecture')!, commitment: str(v, 'commitment')!, out: str(v, 'out')!, passphrase: str(v, 'passphrase') });
        return 0;
      }
      throw new UsageError(`handover takes encrypt or decrypt, got ${JSON.stringify(sub)}`);
    },
  },
  predict: {
    usage: 'zkml predict <dir> --input input.json',
    summary: 'the float model and the circuit side by side',
    options: { input: { type: 'string' } },
    positionals: ['dir'],
    async run([dir], v, io) {
      if (!str(v, 'input')) throw new UsageError('predict needs --input input.json ({"input": <nested array in the model\'s input shape>})');
      const { predictCommand } = await import('./commands/predict.js');
      await predictCommand({ ...io, dir, input: str(v, 'input') });
      return 0;
    },
  },
  testset: {
    usage: 'zkml testset commit <dataset-dir> --batch B [--classes C] -o <dir> | zkml testset reveal-proof <dir>',
    summary: 'a bounty test set: commit (roots.json + salts.json, which the provider must keep secret and safe), or the reveal: calldata.bin + RevealTestSet proof (development keys)',
    options: { batch: { type: 'string' }, classes: { type: 'string' }, out: { type: 'string', short: 'o' } },
    positionals: ['commit|reveal-proof', 'dataset-dir|dir'],
    async run([sub, arg], v, io) {
      const { testsetCommitCommand, testsetRevealProofCommand } = await import('./commands/testset.js');
      if (sub === 'commit') {
        const batch = intOption(v, 'batch', 1, 1_000_000);
        if (!batch || !str(v, 'out')) throw new UsageError('testset commit needs --batch B and -o <dir>');
        await testsetCommitCommand({ ...io, dataset: arg!, batch, classes: intOption(v, 'classes', 2, 256), out: str(v, 'out')! });
        return 0;
      }
      if (sub === 'reveal-proof') { await testsetRevealProofCommand({ ...io, dir: arg! }); return 0; }
      throw new UsageError(`testset takes commit or reveal-proof, got ${JSON.stringify(sub)}`);
    },
  },
  accuracy: {
    usage: 'zkml accuracy <project> --testset <revealed dir | calldata.bin> --bounty <id> --beneficiary <addr> [-o <dir>] [--batch B --classes C]',
    summary: 'one accuracy proof per test-set batch (development keys; resumes from batch-*.json) + summary.json with the number correct',
    options: { testset: { type: 'string' }, bounty: { type: 'string' }, beneficiary: { type: 'string' }, out: { type: 'string', short: 'o' }, batch: { type: 'string' }, classes: { type: 'string' } },
    positionals: ['project'],
    async run([dir], v, io) {
      const need = ['testset', 'bounty', 'beneficiary'].filter((k) => !str(v, k));
      if (need.length) throw new UsageError(`accuracy needs ${need.map((k) => `--${k}`).join(', ')}`);
      const { accuracyCommand } = await import('./commands/accuracy.js');
      await accuracyCommand({
        ...io, dir, testset: str(v, 'testset')!, bounty: str(v, 'bounty')!, beneficiary: str(v, 'beneficiary')!, out: str(v, 'out'),
        batch: intOption(v, 'batch', 1, 1_000_000), classes: intOption(v, 'classes', 2, 256),
      });
      return 0;
    },
  },
};

function help(): string {
  return [
    'zkml: Keras models → sound circom circuits → snarkjs proofs',
    '',
    'usage:',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.summary}`),
    '',
    'global options: --debug (stack traces), -h/--help',
    'typical loop: transpile → compile → setup → prove → verify (predict any time after transpile)',
  ].join('\n');
}

function parseError(e: unknown): UsageError {
  const msg = e instanceof Error ? e.message : String(e);
  return new UsageError(msg, { cause: e });
}

/** Runs the command line; returns the exit code. */
export async function main(argv: string[], io: Required<Io> = {
  print: (l) => process.stdout.write(`${l}\n`),
  progress: (l) => process.stderr.write(`${l}\n`),
}): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    let i = 0;
    while (argv[i] === '--debug') i++;
    const name = argv[i];
    if (name === undefined || name.startsWith('-')) {
      if (name === '--help' || name === '-h') { io.print(help()); return 0; }
      throw new UsageError(`no command given. Commands: ${Object.keys(COMMANDS).join(', ')} (zkml --help)`);
    }
    const cmd = COMMANDS[name];
    if (!cmd) throw new UsageError(`unknown command ${JSON.stringify(name)}. Commands: ${Object.keys(COMMANDS).join(', ')} (zkml --help)`);
    const rest = [...argv];
    rest.splice(i, 1);
    let parsed: { values: Values; positionals: string[] };
    try {
      parsed = parseArgs({ args: rest, options: { ...GLOBAL, ...cmd.options }, allowPositionals: true, strict: true }) as typeof parsed;
    } catch (e) {
      throw parseError(e);
    }
    if (parsed.values.help) { io.print(`usage: ${cmd.usage}\n  ${cmd.summary}`); return 0; }
    const required = cmd.positionals.filter((p) => !p.endsWith('?')).length; // `name?`: optional
    if (parsed.positionals.length < required || parsed.positionals.length > cmd.positionals.length) {
      throw new UsageError(`${name} takes ${cmd.positionals.map((p) => `<${p}>`).join(' ')}, got ${parsed.positionals.length ? parsed.positionals.map((p) => JSON.stringify(p)).join(' ') : 'nothing'}. usage: ${cmd.usage}`);
    }
    return await cmd.run(parsed.positionals, parsed.values, io);
  } catch (e) {
    reportError(e, debug, io.progress);
    return 2;
  }
}

export function reportError(e: unknown, debug: boolean, err: (l: string) => void): void {
  const name = e instanceof Error ? e.name || 'Error' : 'Error';
  const message = e instanceof Error ? e.message : String(e);
  err(`zkml: ${name}: ${message}`);
  if (!debug) return;
  let c: unknown = e;
  while (c instanceof Error) {
    if (c.stack) err(c.stack);
    const details = (c as { details?: unknown }).details;
    if (details && Object.keys(details).length) {
      try { err(`details: ${JSON.stringify(details, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)).slice(0, 2000)}`); } catch { /* circular */ }
    }
    c = c.cause;
    if (c) err('caused by:');
  }
  if (!(c instanceof Error) && c !== undefined) err(String(c));
}
