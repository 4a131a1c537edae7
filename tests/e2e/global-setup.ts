import { spawnSync } from 'node:child_process';

/** Build the app once for all browser tests. */
export default function setup() {
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', ...(process.env.ZKML_DIST ? ['--outDir', process.env.ZKML_DIST, '--emptyOutDir'] : [])], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}
