/**
 * What the components get from above instead of importing it: the worker clients (created once in
 * main.tsx) and the project store (opened lazily: IndexedDB can be unavailable, e.g. in a private window).
 */
import { createContext, useContext, type JSX } from 'solid-js';
import type { Clients } from './clients/index.js';
import type { ProjectStore } from './store/projects.js';
import type { PredictClient } from './lib/predict-client.js';
import type { ChainService } from './chain/service.js';

export interface Services {
  clients: Clients;
  /** float model vs circuit logits, for the prediction chart (its own worker) */
  predict: PredictClient;
  /** the project store; rejects with a StorageError when IndexedDB cannot be used */
  store: () => Promise<ProjectStore>;
  /** the local chain (deployments.json, viem loaded lazily); its calls never block the rest of the app */
  chain: ChainService;
}

const ServicesContext = createContext<Services>();

export function ServicesProvider(props: { services: Services; children: JSX.Element }) {
  return <ServicesContext.Provider value={props.services}>{props.children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside <ServicesProvider>');
  return s;
}

export const useClients = (): Clients => useServices().clients;
