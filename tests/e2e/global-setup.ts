import { spawnSync } from 'node:child_process';

/** Build the app once for all browser tests (npm test builds it before both suites: ZKML_DIST_BUILT = ZKML_DIST). */
export default function setup() {
  if (process.env.ZKML_DIST && process.env.ZKML_DIST_BUILT === process.env.ZKML_DIST) return;
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', ...(process.env.ZKML_DIST ? ['--outDir', process.env.ZKML_DIST, '--emptyOutDir'] : [])], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}
