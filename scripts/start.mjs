#!/usr/bin/env node
// `npm start`: everything a user needs, on 127.0.0.1, with no other set-up.
//
//   1. installs the npm packages when they are missing (scripts/ensure.mjs);
//   2. starts anvil (from @foundry-rs/anvil) on the chain port, or reuses the Ethereum node
//      already listening there, and deploys the contracts (or reuses the deployment recorded
//      in public/deployments.json when that node still has it), with scripts/chain.ts;
//   3. builds the app (in parallel with 2) and writes the deployment where the running app
//      fetches it: dist/deployments.json, and public/deployments.json for `vite dev`;
//   4. starts the local IPFS peer (scripts/ipfs.ts: Helia, blocks in .zkml/ipfs/, a trustless
//      gateway and kubo's dag/import on 127.0.0.1:5180; a zkml peer already there is reused) and
//      writes its address next to the deployment: dist/ipfs.json and public/ipfs.json;
//   5. serves dist/ with vite preview.
//
// Ctrl-C (SIGINT), SIGTERM and SIGHUP stop every child it started (never a node it reused),
// wait for them and exit 0; so does the death of its parent (`kill <npm pid>`, which npm does
// not pass on). A child that dies on its own stops the rest, and the exit is 1, except the chain
// once it is deployed: when anvil dies the app server and the IPFS peer keep running, and anvil is
// started again on the same port and the contracts deployed again (deployments.json rewritten), at
// most CHAIN_RESTARTS times a minute; after that it says how to start the chain by hand.
//
//   node scripts/start.mjs [--port 5173] [--chain-port 8545] [--ipfs-port 5180] [--no-build]
//                          [--dist dist] [--deployments public/deployments.json] [--ipfs-dir .zkml/ipfs]
//
// PORT, CHAIN_PORT and IPFS_PORT set the ports too. ipfs.json goes next to --deployments. --no-build serves the existing dist/ (tests).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';
const log = (m) => console.log(`[start] ${m}`);
const fail = (m) => console.error(`[start] ${m}`);

// ── arguments ───────────────────────────────────────────────────────────────────────────────
const USAGE = 'usage: npm start -- [--port 5173] [--chain-port 8545] [--ipfs-port 5180] [--no-build] [--dist <dir>] [--deployments <file>] [--ipfs-dir <dir>]';
function parseArgs(argv) {
  const o = { port: process.env.PORT || '5173', chainPort: process.env.CHAIN_PORT || '8545', ipfsPort: process.env.IPFS_PORT || '5180', build: true, dist: 'dist', deployments: 'public/deployments.json', ipfsDir: '.zkml/ipfs' };
  const valued = { '--port': 'port', '--chain-port': 'chainPort', '--ipfs-port': 'ipfsPort', '--dist': 'dist', '--deployments': 'deployments', '--ipfs-dir': 'ipfsDir' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag === '--no-build') o.build = false;
    else if (flag === '--help' || flag === '-h') { console.log(USAGE); process.exit(0); }
    else if (flag in valued) {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') { fail(`${flag} needs a value\n${USAGE}`); process.exit(2); }
      o[valued[flag]] = v;
    } else { fail(`unknown argument ${argv[i]}\n${USAGE}`); process.exit(2); }
  }
  for (const [k, name] of [['port', '--port / PORT'], ['chainPort', '--chain-port / CHAIN_PORT'], ['ipfsPort', '--ipfs-port / IPFS_PORT']]) {
    const n = Number(o[k]);
    if (!/^\d+$/.test(String(o[k])) || n < 1 || n > 65535) { fail(`${name} must be a port number from 1 to 65535 (got "${o[k]}")`); process.exit(2); }
    o[k] = n;
  }
  if (o.port === o.chainPort) { fail(`the app and the chain cannot share port ${o.port}`); process.exit(2); }
  if (o.ipfsPort === o.port || o.ipfsPort === o.chainPort) { fail(`the IPFS peer cannot share port ${o.ipfsPort} with the ${o.ipfsPort === o.port ? 'app' : 'chain'}`); process.exit(2); }
  o.dist = resolve(root, o.dist);
  o.deployments = resolve(root, o.deployments);
  o.ipfsConfig = join(dirname(o.deployments), 'ipfs.json');
  o.ipfsDir = resolve(root, o.ipfsDir);
  return o;
}
const opts = parseArgs(process.argv.slice(2));

// ── children and shutdown ───────────────────────────────────────────────────────────────────
/** name → ChildProcess, in start order (stopped in reverse). */
const children = new Map();
let anvilPending; // Promise<AnvilInstance> while anvil starts
let anvil; // AnvilInstance once up
let ipfsPending; // Promise<LocalPeer> while the IPFS peer starts
let stopping = false;
/** The current deployment (replaced when the chain is restarted); written out once `published`. */
let deployed;
let published = false;

const alive = (c) => c.exitCode === null && c.signalCode === null;
const exitOf = (c) => new Promise((r) => (alive(c) ? c.once('exit', () => r()) : r()));

/** SIGTERM to the child's process group (it runs detached), SIGKILL if it lingers. */
async function stopChild(c) {
  if (!alive(c)) return;
  const kill = (sig) => { try { process.kill(-c.pid, sig); } catch { try { c.kill(sig); } catch { /* gone */ } } };
  kill('SIGTERM');
  const t = setTimeout(() => kill('SIGKILL'), 5000);
  await exitOf(c);
  clearTimeout(t);
}

async function shutdown(code, message) {
  if (stopping) return;
  stopping = true;
  if (message) fail(message);
  for (const c of [...children.values()].reverse()) await stopChild(c);
  const peer = await ipfsPending?.catch(() => undefined);
  await peer?.close().catch(() => {});
  const a = anvil ?? (await anvilPending?.catch(() => undefined));
  if (a && !a.reused) await a.stop();
  if (code === 0) log(a?.reused ? `stopped (the node at ${a.url} was already running and is left running)` : 'stopped');
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void shutdown(0));
// `kill <npm pid>`: npm dies and its `sh -c` with it, but the signal never reaches this process,
// which would keep anvil and the server running as orphans. Stop when the parent is gone.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid && !stopping) {
    log(`the process that started this one (pid ${parentPid}) has gone; stopping`);
    void shutdown(0);
  }
}, 500).unref();

/**
 * Spawns a child in its own process group (so a Ctrl-C in the terminal reaches only this script,
 * which stops the children itself, in order). A child that exits while we are not stopping ends
 * everything unless `onExit` says it may (the build).
 */
function child(name, cmd, args, { pipe = false, onExit } = {}) {
  const c = spawn(cmd, args, { cwd: root, stdio: pipe ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'], detached: true });
  let tail = '';
  const keep = (b) => { tail = (tail + b.toString()).slice(-3000); };
  c.stdout?.on('data', keep);
  c.stderr?.on('data', keep);
  c.tail = () => tail.trim();
  children.set(name, c);
  c.once('error', (e) => void shutdown(1, `could not run ${name}: ${e.message}`));
  c.once('exit', (code, signal) => {
    if (stopping) return;
    if (onExit?.(code, signal)) { children.delete(name); return; }
    void shutdown(1, `${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the rest${tail.trim() ? `\n${tail.trim()}` : ''}`);
  });
  return c;
}

/** Resolves when the port can be bound on 127.0.0.1; rejects with EADDRINUSE etc. otherwise. */
function canListen(port) {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once('error', rej);
    s.listen(port, HOST, () => s.close(() => res()));
  });
}

// ── the chain after start-up: restarted when it dies ────────────────────────────────────────
const chainUrl = `http://${HOST}:${opts.chainPort}`;
const RESTART_WINDOW_MS = 60_000;
const RESTARTS = (() => {
  const v = process.env.CHAIN_RESTARTS;
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : 3;
})();
/** when each restart of the chain began (the last RESTART_WINDOW_MS) */
const restarts = [];
const exitText = (x) => (x.signal ? `killed by ${x.signal}` : `exit code ${x.code}`);
const lastLines = (out) => (out ? `\n${out.split('\n').slice(-10).join('\n')}` : '');
const deploymentFiles = () => [join(opts.dist, 'deployments.json'), opts.deployments];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const byHand = () => `to start it again: \`npm run chain -- --port ${opts.chainPort}\` in another terminal `
  + `(the contracts land at the same addresses, so the app finds them), or Ctrl-C here and \`npm start\``;

/** Once deployed: if this anvil (still the current one) dies while we are not stopping, restart it. */
function watchChain(chain, a) {
  a.exited?.then((x) => {
    if (stopping || anvil !== a) return; // stopped by us, or replaced
    anvil = undefined;
    // its last lines tell why it crashed (after a signal they are only its request log)
    log(`the local chain (anvil pid ${a.pid}, ${a.url}) stopped (${exitText(x)}); the app keeps running at http://${HOST}:${opts.port}/, and so does the IPFS peer${x.signal ? '' : lastLines(x.output)}`);
    void restartChain(chain);
  });
}

/**
 * Starts anvil again on the same port and deploys again (a new anvil has no contracts), then
 * rewrites deployments.json; at most RESTARTS restarts within RESTART_WINDOW_MS, then it says how
 * to start the chain by hand. The page meanwhile says that the chain at this address is not answering.
 */
async function restartChain(chain) {
  for (;;) {
    if (stopping) return;
    const now = Date.now();
    while (restarts.length && now - restarts[0] > RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length >= RESTARTS) {
      fail(RESTARTS === 0
        ? `the local chain is not restarted (CHAIN_RESTARTS=0); the app and the IPFS peer keep running, and the page says the chain at ${chainUrl} is not answering; ${byHand()}`
        : `the local chain could not be kept running (${restarts.length} restarts within a minute): not restarting it again. The app and the IPFS peer keep running, and the page says the chain at ${chainUrl} is not answering; ${byHand()}`);
      return;
    }
    restarts.push(now);
    log(`restarting the local chain on ${chainUrl} and deploying the contracts again (restart ${restarts.length} of at most ${RESTARTS} a minute)…`);
    let a;
    try {
      anvilPending = chain.startAnvil({ port: opts.chainPort, args: ['--chain-id', String(chain.DEV_CHAIN_ID)], expectChainId: chain.DEV_CHAIN_ID, detached: true });
      a = await anvilPending;
      if (stopping) return; // shutdown stops it (it awaits anvilPending)
      anvil = a;
      const dep = await chain.deployOrReuse({ url: a.url, record: a.reused ? opts.deployments : undefined });
      if (stopping || anvil !== a) return;
      deployed = dep;
      if (published) chain.writeDeployments(dep.deployments, deploymentFiles());
      const d = dep.deployments;
      log(`the local chain is back: ${a.url}  chain id ${a.chainId}  (${a.reused ? 'an Ethereum node that was already running there, reused and left running on exit' : `anvil pid ${a.pid}, started by npm start`}); `
        + `VerifierRegistry ${d.contracts.VerifierRegistry} ${dep.reused ? 'reused' : `deployed again in block ${d.blockNumber}`}${published ? `; ${deploymentFiles()[0]} rewritten` : ''}`);
      watchChain(chain, a);
      return;
    } catch (e) {
      if (stopping) return;
      fail(`restarting the local chain on ${chainUrl} failed: ${e instanceof Error ? e.message : String(e)}`);
      if (a && anvil === a) { anvil = undefined; await a.stop().catch(() => {}); }
      await sleep(1000);
    }
  }
}

async function main() {
  // 1. packages (fast when nothing is missing)
  const ensure = spawnSync(process.execPath, ['scripts/ensure.mjs'], { cwd: root, stdio: 'inherit' });
  if (ensure.status !== 0) return shutdown(ensure.status || 1, 'installing the npm packages failed');
  if (stopping) return;

  const require = createRequire(import.meta.url);
  const viteBin = join(dirname(require.resolve('vite/package.json')), 'bin/vite.js');
  const { tsImport } = await import('tsx/esm/api');
  const chain = await tsImport('./chain.ts', import.meta.url);
  const ipfs = await tsImport('./ipfs.ts', import.meta.url);

  // the app port first: failing there should not cost a chain start-up
  try {
    await canListen(opts.port);
  } catch (e) {
    const who = chain.portListener(opts.port);
    return shutdown(1, e.code === 'EADDRINUSE'
      ? `port ${opts.port} on ${HOST} (the app) is already in use${who ? ` by ${who}` : ''}; stop it or choose another with --port <n> (or PORT=<n>)`
      : `cannot listen on ${HOST}:${opts.port} (the app): ${e.message}`);
  }

  // 2 and 3 in parallel: the build is a child process, the chain is started from here
  const needBuild = opts.build || !existsSync(join(opts.dist, 'index.html'));
  if (!opts.build && needBuild) log(`--no-build, but ${opts.dist} has no index.html: building`);
  const built = needBuild
    ? new Promise((res) => {
      log('building the app…');
      // warnings (chunking advice and the like) are for developers (npm run build shows them)
      child('the build (vite build)', process.execPath, [viteBin, 'build', '--logLevel', 'error', '--outDir', opts.dist, '--emptyOutDir'], {
        onExit: (code) => { if (code === 0) { log(`app built into ${opts.dist}`); res(); return true; } return false; },
      });
    })
    : Promise.resolve();

  // the IPFS peer starts alongside (Helia in this process; a zkml peer already on the port is reused)
  ipfsPending = ipfs.startLocalPeer({ port: opts.ipfsPort, dir: opts.ipfsDir });
  ipfsPending.catch(() => {}); // awaited below; a failure is reported there

  anvilPending = chain.startAnvil({ port: opts.chainPort, args: ['--chain-id', String(chain.DEV_CHAIN_ID)], expectChainId: chain.DEV_CHAIN_ID, detached: true });
  try {
    anvil = await anvilPending;
  } catch (e) {
    return shutdown(1, `the local chain cannot start on ${HOST}:${opts.chainPort}: ${e.message}${e.name === 'PortInUseError' ? ' (--chain-port <n> or CHAIN_PORT=<n>)' : ''}`);
  }
  if (stopping) return;
  // until the first deployment is made, a dead anvil ends the start (the deployment fails)
  const first = anvil;
  first.exited?.then((x) => {
    if (!stopping && !deployed) void shutdown(1, `anvil stopped unexpectedly (${exitText(x)}); stopping the rest${lastLines(x.output)}`);
  });

  try {
    deployed = await chain.deployOrReuse({ url: anvil.url, record: anvil.reused ? opts.deployments : undefined });
  } catch (e) {
    return shutdown(1, `deploying the contracts on ${anvil.url} failed: ${e.message}`);
  }
  if (stopping) return;
  watchChain(chain, first);
  await built;
  if (stopping) return;
  published = true;
  chain.writeDeployments(deployed.deployments, deploymentFiles());
  let peer;
  try {
    peer = await ipfsPending;
  } catch (e) {
    return shutdown(1, `the local IPFS peer cannot start on ${HOST}:${opts.ipfsPort}: ${e.message}`);
  }
  if (stopping) return;
  ipfs.writePeerConfig(peer.config, [join(opts.dist, 'ipfs.json'), opts.ipfsConfig]);

  // 4. serve
  const server = child('the web server (vite preview)', process.execPath,
    [viteBin, 'preview', '--host', HOST, '--port', String(opts.port), '--strictPort', '--outDir', opts.dist], { pipe: true });
  const appUrl = `http://${HOST}:${opts.port}/`;
  for (;;) {
    if (stopping || !alive(server)) return;
    try {
      const r = await fetch(appUrl, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }

  const dep = deployed;
  const d = dep.deployments;
  const node = anvil?.reused ? 'an Ethereum node that was already running there, reused and left running on exit' : `anvil pid ${anvil?.pid ?? '?'}, started by npm start`;
  const wallet = d.deployer.toLowerCase() === chain.ANVIL_ACCOUNT_0.toLowerCase()
    ? `anvil's development account #0 ${d.deployer}: its private key is public, NOT FOR VALUE`
    : `the node's first unlocked account ${d.deployer} (not anvil's account #0)`;
  log(`app       ${appUrl}`);
  log(`chain     ${d.rpcUrl ?? chainUrl}  chain id ${d.chainId}  (${node})`);
  log(`registry  VerifierRegistry ${d.contracts.VerifierRegistry}  ${dep.reused ? `reused, deployed in block ${d.blockNumber}` : `deployed in block ${d.blockNumber}`}, code keccak256 ${dep.codeHash}${dep.redeployedBecause ? ` (the recorded one was not reusable: ${dep.redeployedBecause})` : ''}`);
  if (d.contracts.BountyManager) log(`bounties  BountyManager ${d.contracts.BountyManager} (on that registry)`);
  log(`wallet    ${wallet}`);
  log(`ipfs      ${peer.url}  (${peer.reused ? 'a zkml IPFS peer already running there, reused and left running on exit' : `Helia, blocks in ${peer.dir}`}; trustless gateway /ipfs/<cid>?format=raw|car, uploads /api/v0/dag/import; loopback only, no public IPFS)`);
  log(`app reads ${join(opts.dist, 'deployments.json')} and ${join(opts.dist, 'ipfs.json')} (also written to ${opts.deployments} and ${opts.ipfsConfig} for vite dev)`);
  log(`ready: open ${appUrl} · chain ${d.rpcUrl ?? chainUrl} (id ${d.chainId}) · contracts VerifierRegistry ${d.contracts.VerifierRegistry}${d.contracts.BountyManager ? `, BountyManager ${d.contracts.BountyManager}` : ''} · ipfs ${peer.url} · Ctrl-C stops everything`);
}

main().catch((e) => void shutdown(1, `failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
