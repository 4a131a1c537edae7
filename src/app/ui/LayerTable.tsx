import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import type { TranspileFilesResult } from '../clients/index.js';
import { fmtInt } from '../lib/files.js';

export function LayerTable(props: { result: TranspileFilesResult }) {
  const totalParams = () => props.result.layers.reduce((a, l) => a + l.params, 0);
  // on a narrow screen the columns do not fit: say that the table scrolls (nothing else shows it)
  let wrap!: HTMLDivElement;
  const [scrolls, setScrolls] = createSignal(false);
  const measure = () => setScrolls(wrap.scrollWidth > wrap.clientWidth + 1);
  onMount(() => {
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(wrap);
    onCleanup(() => ro.disconnect());
  });
  return (
    <>
    <Show when={scrolls()}><p class="muted small scroll-hint" data-testid="layer-scroll-hint">Wider than the screen: scroll the table sideways for every column →</p></Show>
    <div class="table-wrap" ref={wrap} tabindex="0" aria-label="Layers (scrolls sideways)">
      <table class="layers" data-testid="layer-table">
        <thead>
          <tr><th>Layer</th><th>Kind</th><th>Shape</th><th class="num">Scale</th><th class="num">Bits</th><th class="num">Params</th><th class="num">Est. constraints</th></tr>
        </thead>
        <tbody>
          <For each={props.result.layers}>
            {(l) => (
              <tr>
                <td title={l.comment}>{l.id}</td>
                <td>{l.kind}</td>
                <td class="mono">[{l.shape.join('×')}]</td>
                <td class="num">{l.kind === 'argmax' ? 'class' : <>2<sup>−{l.scale}</sup></>}</td>
                <td class="num">{l.bits}</td>
                <td class="num">{fmtInt(l.params)}</td>
                <td class="num">{fmtInt(l.constraints)}</td>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr><td colSpan={5}>Total</td><td class="num">{fmtInt(totalParams())}</td><td class="num" data-testid="estimate-total">{fmtInt(props.result.estimate.total)}</td></tr>
        </tfoot>
      </table>
    </div>
    </>
  );
}
