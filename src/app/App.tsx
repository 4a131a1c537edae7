import { createSignal, For, lazy, onCleanup, Show } from 'solid-js';
import { Studio } from './Studio.js';
import { ProofLinkView } from './ProofLinkView.js';

const parts = [
  {
    title: 'Sound circuit library',
    body: 'circom templates for dense, convolution, pooling, batch-norm, ReLU, the polynomial activation, argmax and Poseidon weight commitments. Every value the prover supplies is pinned by constraints.',
  },
  {
    title: 'Keras → circom',
    body: 'Drop a Keras model (tfjs model.json, .h5 or .keras). ZKML picks fixed-point scales automatically and emits a readable circuit plus its witness, in a web worker.',
  },
  {
    title: 'Private models, public proofs',
    body: 'Prove what your model does without showing its weights, and share a proof link anyone can verify. No server: everything stays on your device and works offline.',
  },
];

const isProofLink = (h: string) => /^#proof=/.test(h);
// #datasets, #dataset=<cid>: the Datasets page (its own chunk; Helia loads on first use inside it)
const isDatasets = (h: string) => /^#dataset(s|=)/.test(h);
const DatasetsPage = lazy(() => import('./datasets/DatasetsPage.js'));
// #keys: the provider's keys and the hand-over of a bounty's model (its own chunk)
const isKeys = (h: string) => /^#keys\b/.test(h);
const KeysPage = lazy(() => import('./keys/KeysPage.js'));
// #bounties, #bounties/new, #bounty=<id>: the bounty app (its own chunk: viem and the bounty flows)
const isBounties = (h: string) => /^#bount(ies|y=)/.test(h);
const BountiesPage = lazy(() => import('./bounty/BountiesPage.js'));

export function App() {
  const [hash, setHash] = createSignal(location.hash);
  const onHash = () => setHash(location.hash);
  window.addEventListener('hashchange', onHash);
  onCleanup(() => window.removeEventListener('hashchange', onHash));
  const closeLink = () => {
    history.pushState(null, '', location.pathname + location.search);
    setHash('');
  };
  return (
    <Show when={!isProofLink(hash())} fallback={<ProofLinkView hash={hash()} onClose={closeLink} />}>
      <Show when={!isDatasets(hash())} fallback={<DatasetsPage hash={hash()} onClose={closeLink} />}>
      <Show when={!isKeys(hash())} fallback={<KeysPage onClose={closeLink} />}>
      <Show when={!isBounties(hash())} fallback={<BountiesPage hash={hash()} onClose={closeLink} />}>
      <main class="page">
        <header class="hero">
          <img src="/icon.svg" alt="" width="56" height="56" />
          <div>
            <h1>ZKML</h1>
            <p class="tagline">Zero-knowledge machine learning, entirely in your browser.</p>
          </div>
          <a class="btn small ghost" href="#datasets" data-testid="nav-datasets">Datasets</a>
          <a class="btn small ghost" href="#keys" data-testid="nav-keys">Keys</a>
          <a class="btn small ghost" href="#bounties" data-testid="nav-bounties">Bounties</a>
        </header>
        <section class="cards" aria-label="What ZKML is">
          <For each={parts}>
            {(p) => (
              <article class="card">
                <h2>{p.title}</h2>
                <p>{p.body}</p>
              </article>
            )}
          </For>
        </section>
        <Studio />
      </main>
      </Show>
      </Show>
      </Show>
    </Show>
  );
}
