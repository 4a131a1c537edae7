/**
 * The page of tests/e2e/bounty-audit-studio.test.ts's studio part (built by buildTestPage with vite-plugin-solid):
 * `t.open(received)` runs the bounty page's "Open in studio" function (src/app/bounty/open-in-studio.ts) with the
 * app's real worker clients and IndexedDB project store, then mounts the studio as the app does after the
 * bounty page navigates to it. In the project tree so that its bare imports resolve from node_modules.
 */
import { render } from 'solid-js/web';
import { ServicesProvider, type Services } from '../../src/app/context.js';
import { createClients } from '../../src/app/clients/index.js';
import { ProjectStore } from '../../src/app/store/projects.js';
import { PredictClient } from '../../src/app/lib/predict-client.js';
import { createChainService } from '../../src/app/chain/service.js';
import { Studio } from '../../src/app/Studio.js';
import { openReceivedInStudio } from '../../src/app/bounty/open-in-studio.js';
import type { RebuildRecord } from '../../src/core/handover/rebuild.js';
import '../../src/app/styles.css';

let store: Promise<ProjectStore> | undefined;
const services: Services = {
  clients: createClients(),
  predict: new PredictClient(),
  store: () => (store ??= ProjectStore.open()),
  chain: createChainService(),
};

(window as unknown as { t: unknown }).t = {
  open: async (m: { modelJson: number[]; weightsBin: number[]; commitment: string; record: RebuildRecord }, bountyId: string) => {
    const stages: string[] = [];
    const r = await openReceivedInStudio({ transpile: services.clients.transpile, store: services.store },
      { modelJson: Uint8Array.from(m.modelJson), weightsBin: Uint8Array.from(m.weightsBin), commitment: BigInt(m.commitment), record: m.record }, BigInt(bountyId), (s) => stages.push(s));
    return { projectId: r.projectId, name: r.name, stages, remembered: localStorage.getItem('zkml:last-project') };
  },
  mountStudio: () => {
    const root = document.createElement('main');
    root.className = 'page';
    document.body.append(root);
    render(() => <ServicesProvider services={services}><Studio /></ServicesProvider>, root);
    return true;
  },
  error: async (m: { modelJson: number[]; weightsBin: number[]; commitment: string; record: RebuildRecord }) => {
    try {
      await openReceivedInStudio({ transpile: services.clients.transpile, store: services.store },
        { modelJson: Uint8Array.from(m.modelJson), weightsBin: Uint8Array.from(m.weightsBin), commitment: BigInt(m.commitment), record: m.record }, 1n);
      return undefined;
    } catch (e) { return { name: (e as Error).name, message: (e as Error).message }; }
  },
  projects: async () => (await (await services.store()).list()).map((p) => ({ id: p.id, name: p.name })),
  /** a project's stored quantization (its model commitment) and when it was last saved */
  stored: async (id: string) => { const p = await (await services.store()).get(id); return p && { quantization: p.artifacts.quantization, updatedAt: p.updatedAt }; },
};
(window as unknown as { ready: boolean }).ready = true;
