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
  clients: createClients(),
  predict: new PredictClient(),
  store: () => (store ??= ProjectStore.open().catch((e: unknown) => { store = undefined; throw e; })),
  chain: createChainService(),
};

render(() => (
  <ServicesProvider services={services}>
    <App />
  </ServicesProvider>
), document.getElementById('root')!);
