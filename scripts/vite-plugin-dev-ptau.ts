/**
 * Vite plugin: the committed DEVELOPMENT powers of tau (circuits-prebuilt/dev-ptau/pot<p>_dev.ptau)
 * served to the app at `<base>/ptau/`, with a manifest `<base>/ptau/index.json` the app reads to pick
 * the smallest sufficient file (src/app/input/ptau.ts).
 *
 * - `vite` (dev): a middleware streams the files from circuits-prebuilt/dev-ptau/.
 * - `vite build`: the files are emitted into the build output as they are (no copy in public/, no
 *   second copy in git). They are not precached by the service worker (too large to fetch on install);
 *   its runtime caching keeps each one after first use (CacheFirst, see vite.config.ts).
 *
 * NOT FOR VALUE: their secret is public (circuits-prebuilt/dev-ptau/README.md); the manifest says so.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

export interface DevPtauPluginOptions {
  /** folder of pot<p>_dev.ptau files; default circuits-prebuilt/dev-ptau */
  dir?: string;
  /** largest power to ship (default 12: 4.7 MB) */
  maxPower?: number;
  /** URL folder under the base (default "ptau") */
  route?: string;
}

export interface DevPtauManifestEntry {
  power: number;
  name: string;
  /** relative to the app base */
  path: string;
  bytes: number;
  sha256: string;
}

export interface DevPtauManifest {
  version: 1;
  development: true;
  warning: string;
  files: DevPtauManifestEntry[];
}

const WARNING = 'DEVELOPMENT powers of tau: their secret is derived from a public seed, so anyone can forge proofs for keys made from them. For tests and demos only; use a public ceremony file for anything of value.';

export function devPtauPlugin(opts: DevPtauPluginOptions = {}): Plugin {
  const dir = resolve(opts.dir ?? 'circuits-prebuilt/dev-ptau');
  const maxPower = opts.maxPower ?? 12;
  const route = (opts.route ?? 'ptau').replace(/^\/+|\/+$/g, '');
  let cache: { manifest: DevPtauManifest; files: Map<string, string> } | undefined;

  const scan = () => {
    if (cache) return cache;
    const files = new Map<string, string>();
    const entries: DevPtauManifestEntry[] = [];
    const names = existsSync(dir) ? readdirSync(dir) : [];
    for (const name of names) {
      const m = /^pot(\d+)_dev\.ptau$/.exec(name);
      if (!m || Number(m[1]) > maxPower) continue;
      const file = join(dir, name);
      files.set(name, file);
      entries.push({
        power: Number(m[1]), name, path: `${route}/${name}`, bytes: statSync(file).size,
        sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
      });
    }
    entries.sort((a, b) => a.power - b.power);
    cache = { manifest: { version: 1, development: true, warning: WARNING, files: entries }, files };
    return cache;
  };

  return {
    name: 'zkml-dev-ptau',

    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const base = server.config.base.replace(/\/+$/, '');
        const url = new URL(req.url ?? '/', 'http://x');
        const prefix = `${base}/${route}/`;
        if (!url.pathname.startsWith(prefix)) return next();
        const name = decodeURIComponent(url.pathname.slice(prefix.length));
        const { manifest, files } = scan();
        if (name === 'index.json') {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(manifest, null, 2));
          return;
        }
        const file = files.get(name);
        if (!file) return next();
        res.setHeader('content-type', 'application/octet-stream');
        res.setHeader('content-length', String(statSync(file).size));
        createReadStream(file).pipe(res);
      });
    },

    generateBundle() {
      const { manifest, files } = scan();
      if (manifest.files.length === 0) this.warn(`no development ptau files in ${dir}; ${route}/index.json lists none`);
      for (const [name, file] of files) {
        this.emitFile({ type: 'asset', fileName: `${route}/${name}`, source: readFileSync(file) });
      }
      this.emitFile({ type: 'asset', fileName: `${route}/index.json`, source: `${JSON.stringify(manifest, null, 2)}\n` });
    },
  };
}
