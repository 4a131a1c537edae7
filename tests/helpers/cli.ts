/**
 * Runs a command the way a user's shell would (the CLI tests: node bin/zkml.mjs, npx snarkjs), in the
 * project folder, without colours, collecting its output. `env` overrides the environment; a key set
 * to undefined is removed from it.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ZKML_BIN = join(ROOT, 'bin/zkml.mjs');

export interface CliRun { code: number | null; stdout: string; stderr: string }

export function runCommand(cmd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const merged: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const [k, v] of Object.entries(env)) { if (v === undefined) delete merged[k]; else merged[k] = v; }
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, { cwd: ROOT, env: merged });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('error', rej);
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}

/** `zkml <args>` through bin/zkml.mjs. */
export const runZkml = (args: string[], env?: Record<string, string | undefined>): Promise<CliRun> => runCommand(process.execPath, [ZKML_BIN, ...args], env);
