#!/usr/bin/env node
// `npm start`: install what is missing, build the static app and serve it on 127.0.0.1.
// Every child process is stopped on Ctrl-C. (The local chain joins this script with the
// contracts issue.)
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '5173';
const step = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) { console.error(`[start] ${cmd} ${args.join(' ')} failed`); process.exit(r.status ?? 1); }
};

step(process.execPath, ['scripts/ensure.mjs']);
step('npx', ['vite', 'build', '--logLevel', 'warn']);

const children = [];
const server = spawn('npx', ['vite', 'preview', '--port', port, '--strictPort'], { cwd: root, stdio: 'inherit' });
children.push(server);
console.log(`[start] ZKML is served at http://127.0.0.1:${port}/  (Ctrl-C stops everything)`);

let stopping = false;
const stop = (code = 0) => {
  if (stopping) return; stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
server.on('exit', (code) => { if (!stopping) { console.error(`[start] the web server stopped (exit ${code}); is port ${port} in use?`); stop(code ?? 1); } });
