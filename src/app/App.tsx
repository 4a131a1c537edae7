import { For } from 'solid-js';

const parts = [
  {
    title: 'Sound circuit library',
    body: 'circom templates for dense, convolution, pooling, batch-norm, ReLU, the polynomial activation, argmax and Poseidon weight commitments. Every value the prover supplies is pinned by constraints, so a forged witness fails.',
  },
  {
    title: 'Keras → circom',
    body: 'Drop a Keras model (tfjs model.json, .h5 or .keras). ZKML picks fixed-point scales automatically and emits a readable circuit plus its witness, in a web worker.',
  },
  {
    title: 'Private models, public proofs',
    body: 'Prove what your model does on public data without showing its weights, share a proof link anyone can verify, and win ML bounties on chain.',
  },
];

export function App() {
  return (
    <main class="page">
      <header class="hero">
        <img src="/icon.svg" alt="" width="56" height="56" />
        <div>
          <h1>ZKML</h1>
          <p class="tagline">Zero-knowledge machine learning, entirely in your browser.</p>
        </div>
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
      <p class="status" role="status">
        The proving studio is on its way. No server is involved: models, circuits and proofs stay on your device, and the
        app works offline once installed.
      </p>
    </main>
  );
}
