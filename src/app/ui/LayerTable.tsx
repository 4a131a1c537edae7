import { For } from 'solid-js';
import type { TranspileFilesResult } from '../clients/index.js';
import { fmtInt } from '../lib/files.js';

export function LayerTable(props: { result: TranspileFilesResult }) {
  const totalParams = () => props.result.layers.reduce((a, l) => a + l.params, 0);
  return (
    <div class="table-wrap">
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
  );
}
