#!/usr/bin/env node
// `zkml`: the command line (cli/main.ts), run through tsx's ESM loader.
import { register } from 'tsx/esm/api';

register();
const { main, reportError } = await import('../cli/main.ts');
const debug = process.argv.includes('--debug');
process.on('unhandledRejection', (e) => {
  reportError(e, debug, (l) => process.stderr.write(`${l}\n`));
  process.exit(2);
});
const code = await main(process.argv.slice(2));
// snarkjs leaves its curve's worker threads running: exit explicitly.
process.exit(code);
