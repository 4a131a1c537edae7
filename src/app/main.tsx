import { render } from 'solid-js/web';
import { App } from './App';
import { ServicesProvider, type Services } from './context';
import { createClients } from './clients/index.js';
import { ProjectStore } from './store/projects.js';
import { PredictClient } from './lib/predict-client.js';
import { createChainService } from './chain/service.js';
import './styles.css';

let store: Promise<ProjectStore> | undefined;
const services: Services = {
  // a worker idle for two minutes is ended (snarkjs's curve threads hold ~250 MiB after a 2^17 proof); the next job starts a new one
  clients: createClients({ idleMs: 120_000 }),
  predict: new PredictClient(),
  store: () => (store ??= ProjectStore.open().catch((e: unknown) => { store = undefined; throw e; })),
  chain: createChainService(),
};

render(() => (
  <ServicesProvider services={services}>
    <App />
  </ServicesProvider>
), document.getElementById('root')!);
