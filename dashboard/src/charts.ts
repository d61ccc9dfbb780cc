/**
 * Stacked bar charts drawn with uPlot on a canvas: one bar per period, the
 * series stacked bottom to top, as counts or as shares of the period's total.
 * The legend and tooltip are plain HTML so they read well and never shift
 * the layout.
 */
import uPlot from 'uplot';
import { formatNumber, h, replaceChildren } from './dom';
import { formatPeriod } from './state';

export interface StackedSeries {
  /** Value as the API names it (`politics`, `favor`). */
  readonly name: string;
  readonly label: string;
  readonly color: string;
  readonly values: readonly number[];
}

export interface StackedChartOptions {
  readonly periods: readonly string[];
  /** Bottom of the stack first. */
  readonly series: readonly StackedSeries[];
  readonly height: number;
  /** Stack shares of each period's total (0–100 %) instead of counts. */
  readonly percent?: boolean;
  /** Accessible description of the chart. */
  readonly title: string;
}

export interface ChartHandle {
  destroy(): void;
}

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const AXIS = { stroke: '#5b6472', font: FONT, grid: { stroke: '#eceff3', width: 1 }, ticks: { show: false } };

export function stackedBarChart(container: HTMLElement, options: StackedChartOptions): ChartHandle {
  const { periods, series, percent = false } = options;
  const totals = periods.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const scale = (value: number, i: number) => {
    if (!percent) return value;
    const total = totals[i] ?? 0;
    return total === 0 ? 0 : (value / total) * 100;
  };
  // Each bar is drawn from 0 to its cumulative height, top of the stack first, so lower layers paint over it.
  const cumulative: number[][] = [];
  let running = periods.map(() => 0);
  for (const s of series) {
    running = running.map((sum, i) => sum + scale(s.values[i] ?? 0, i));
    cumulative.push(running);
  }
  const drawOrder = series.map((s, k) => ({ s, data: cumulative[k] ?? [] })).reverse();
  const bars = uPlot.paths.bars?.({ size: [0.7, 72], gap: 2 });

  const tip = h('div', { class: 'chart-tip', role: 'status', hidden: true });
  const target = h('div', { class: 'chart-canvas', role: 'img', 'aria-label': options.title });
  replaceChildren(container, target, tip);

  const maxStack = Math.max(0, ...(cumulative.at(-1) ?? [0]));
  const xLabels = (_u: uPlot, splits: number[]) =>
    splits.map((i) => (Number.isInteger(i) && periods[i] ? formatPeriod(periods[i], true) : ''));
  const xSplits = (u: uPlot) => {
    const room = Math.max(1, Math.floor(u.bbox.width / (window.devicePixelRatio || 1) / 64));
    const step = Math.max(1, Math.ceil(periods.length / room));
    const out: number[] = [];
    for (let i = 0; i < periods.length; i += step) out.push(i);
    return out;
  };

  const plot = new uPlot(
    {
      width: Math.max(200, container.clientWidth),
      height: options.height,
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: false, y: false, setScale: false }, y: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      scales: {
        x: { time: false, range: () => [-0.5, Math.max(0.5, periods.length - 0.5)] },
        y: { range: () => (percent ? [0, 100] : [0, niceCeiling(maxStack)]) },
      },
      axes: [
        { ...AXIS, grid: { show: false }, splits: xSplits, values: xLabels, gap: 6, size: 28 },
        {
          ...AXIS,
          size: 44,
          gap: 6,
          incrs: percent
            ? [25, 50]
            : [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000],
          values: (_u, splits) => splits.map((v) => (percent ? `${v}%` : formatNumber(v))),
        },
      ],
      series: [
        {},
        ...drawOrder.map(({ s }) => ({
          label: s.label,
          fill: s.color,
          stroke: s.color,
          width: 0,
          paths: bars,
          points: { show: false },
        })),
      ],
      hooks: {
        setCursor: [
          (u) => {
            const idx = u.cursor.idx;
            const period = idx === null || idx === undefined ? undefined : periods[idx];
            if (idx === null || idx === undefined || period === undefined) {
              tip.hidden = true;
              return;
            }
            const total = totals[idx] ?? 0;
            replaceChildren(
              tip,
              h(
                'div',
                { class: 'chart-tip-head' },
                formatPeriod(period),
                h('span', {}, `${formatNumber(total)} total`),
              ),
              [...series].reverse().map((s) => {
                const value = s.values[idx] ?? 0;
                return h(
                  'div',
                  { class: 'chart-tip-row' },
                  h('i', { class: 'swatch', style: `background:${s.color}` }),
                  h('span', {}, s.label),
                  h(
                    'b',
                    {},
                    percent
                      ? `${total === 0 ? 0 : Math.round((value / total) * 100)}% (${formatNumber(value)})`
                      : formatNumber(value),
                  ),
                );
              }),
            );
            tip.hidden = false;
            const left = (u.cursor.left ?? 0) + u.over.offsetLeft;
            const width = tip.offsetWidth;
            const fitsRight = left + 16 + width < container.clientWidth;
            tip.style.left = `${fitsRight ? left + 16 : Math.max(0, left - 16 - width)}px`;
            tip.style.top = `${u.over.offsetTop + 4}px`;
          },
        ],
      },
    },
    [periods.map((_, i) => i), ...drawOrder.map(({ data }) => data)],
    target,
  );

  const resize = new ResizeObserver(() => {
    const width = Math.max(200, container.clientWidth);
    if (width !== plot.width) plot.setSize({ width, height: options.height });
  });
  resize.observe(container);
  container.addEventListener('mouseleave', () => {
    tip.hidden = true;
  });
  return {
    destroy: () => {
      resize.disconnect();
      plot.destroy();
    },
  };
}

/** A round number at or above `n`, so the top grid line has a label. */
function niceCeiling(n: number): number {
  if (n <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * magnitude >= n) return step * magnitude;
  return 10 * magnitude;
}

/** An HTML legend: swatch, label and (optionally) a total per series. */
export function legend(
  series: readonly { readonly label: string; readonly color: string; readonly total?: number }[],
): HTMLElement {
  return h(
    'ul',
    { class: 'legend' },
    series.map((s) =>
      h(
        'li',
        {},
        h('i', { class: 'swatch', style: `background:${s.color}` }),
        s.label,
        s.total === undefined ? undefined : h('span', { class: 'legend-n' }, formatNumber(s.total)),
      ),
    ),
  );
}
