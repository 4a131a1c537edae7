import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';
import { devPtauPlugin } from './scripts/vite-plugin-dev-ptau.js';

/**
 * public/deployments.json is the local chain of the last `npm start` (for `vite dev`, and its record
 * for reusing a deployment): a build must not ship it, stale, from public/. npm start writes the
 * live one into the served folder after building.
 */
function noDeploymentsInBuild(): Plugin {
  let outDir = '';
  return {
    name: 'zkml:no-deployments-in-build',
    apply: 'build',
    configResolved(c) { outDir = resolve(c.root, c.build.outDir); },
    // ipfs.json (the local IPFS peer's address, written by npm start / npm run ipfs) likewise
    closeBundle() { if (outDir) for (const f of ['deployments.json', 'ipfs.json']) rmSync(resolve(outDir, f), { force: true }); },
  };
}

export default defineConfig({
  plugins: [
    solid(),
    noDeploymentsInBuild(),
    // circuits-prebuilt/dev-ptau/pot8..12_dev.ptau at /ptau/ (+ /ptau/index.json): dev server and build
    devPtauPlugin({ maxPower: 12 }),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'auto',
      includeAssets: ['icon.svg', 'icon-192.png', 'icon-512.png'],
      manifest: {
        name: 'ZKML',
        short_name: 'ZKML',
        description: 'Keras models to sound zero-knowledge circuits, proved in your browser.',
        theme_color: '#12151c',
        background_color: '#12151c',
        display: 'standalone',
        start_url: '/',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // Precached on install, for offline use: the app and its workers' chunks, circom.wasm (emitted
        // by the compile worker's `?url` import), the sample models and images (public/samples/, with
        // index.json) and the ptau manifest. Not the .ptau files themselves (see runtimeCaching).
        globPatterns: ['**/*.{js,css,html,svg,png,wasm,json,h5,pgm,bin}'],
        // deployments.json is written at run time by `npm start` (the local chain's addresses): never precached.
        globIgnores: ['**/node_modules/**', '**/deployments.json', '**/ipfs.json'],
        // circom.wasm alone is 9 MB (h5wasm's chunk ~5 MB); workbox skips anything over 2 MiB unless told otherwise.
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
        // Files, not pages: never answer them with the app shell.
        navigateFallbackDenylist: [/^\/(ptau|samples)\//, /\.(ptau|zkey|json|h5|pgm|bin|wasm)$/],
        runtimeCaching: [
          {
            // Always from the network: a restarted chain has new addresses, and offline there is no chain anyway.
            urlPattern: ({ url }) => url.pathname.endsWith('/deployments.json') || url.pathname.endsWith('/ipfs.json'),
            handler: 'NetworkOnly',
          },
          {
            // Development ptau files (/ptau/), public ceremony ptau files and zkeys fetched by the app:
            // megabytes each, so cached on first use rather than on install, then served from the cache.
            urlPattern: ({ url }) => /\.(ptau|zkey)$/.test(url.pathname),
            handler: 'CacheFirst',
            options: {
              cacheName: 'zkml-keys',
              expiration: { maxEntries: 16, purgeOnQuotaError: true },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
