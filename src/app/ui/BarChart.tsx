import { For, Show } from 'solid-js';

export interface Series { name: string; values: number[]; color: string }

/**
 * Grouped bars, one group per class: e.g. the float model's and the circuit's logits side by side.
 * Values are drawn from a shared zero line (negative bars go down).
 */
export function BarChart(props: { series: Series[]; highlight?: number; testid?: string; height?: number }) {
  const n = () => Math.max(0, ...props.series.map((s) => s.values.length));
  const max = () => Math.max(1e-9, ...props.series.flatMap((s) => s.values.map((v) => Math.max(v, 0))));
  const min = () => Math.min(0, ...props.series.flatMap((s) => s.values));
  const H = () => props.height ?? 160;
  const W = 460;
  const pad = { l: 8, r: 8, t: 10, b: 22 };
  const group = () => (W - pad.l - pad.r) / Math.max(1, n());
  const y = (v: number) => pad.t + ((max() - v) / (max() - min())) * (H() - pad.t - pad.b);
  return (
    <figure class="chart" data-testid={props.testid ?? 'chart'}>
      <svg viewBox={`0 0 ${W} ${H()}`} width="100%" role="img" aria-label="prediction per class">
        <line x1={pad.l} x2={W - pad.r} y1={y(0)} y2={y(0)} stroke="#3a4360" />
        <For each={Array.from({ length: n() }, (_, i) => i)}>
          {(i) => (
            <g>
              <Show when={props.highlight === i}>
                <rect x={pad.l + i * group() + 1} y={pad.t - 6} width={group() - 2} height={H() - pad.t - pad.b + 6} fill="#7cc4ff14" rx="4" />
              </Show>
              <For each={props.series}>
                {(s, j) => {
                  const bw = () => (group() - 8) / props.series.length;
                  const v = () => s.values[i] ?? 0;
                  return (
                    <rect
                      x={pad.l + i * group() + 4 + j() * bw()} width={Math.max(1, bw() - 2)}
                      y={Math.min(y(v()), y(0))} height={Math.max(1, Math.abs(y(v()) - y(0)))}
                      fill={s.color} rx="2"
                    ><title>{`${s.name} · class ${i}: ${v().toFixed(4)}`}</title></rect>
                  );
                }}
              </For>
              <text x={pad.l + (i + 0.5) * group()} y={H() - 6} text-anchor="middle" class="chart-label" font-weight={props.highlight === i ? 700 : 400}>{i}</text>
            </g>
          )}
        </For>
      </svg>
      <figcaption class="legend">
        <For each={props.series}>{(s) => <span><i style={{ background: s.color }} />{s.name}</span>}</For>
      </figcaption>
    </figure>
  );
}
