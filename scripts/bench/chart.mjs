#!/usr/bin/env node
// The benchmark's chart: latency against the offered rate, and the CPU each order costs by
// process, for the saga and for the direct baseline. Drawn as SVG, photographed by Chromium
// (the browser the dashboard test uses) into a PNG.
// Usage: node scripts/bench/chart.mjs <bench report .json> <out .png>
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const W = 560;
const H = 340;
const M = { left: 60, right: 20, top: 40, bottom: 50 };
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#6b6ecf', '#d37295'];
const SERIES = [
  { of: 'steps', key: 'p50', label: 'saga p50', color: '#1f4e79', dash: '' },
  { of: 'steps', key: 'p95', label: 'saga p95', color: '#1f4e79', dash: '6 4' },
  { of: 'baseline', key: 'p50', label: 'direct p50', color: '#c05a00', dash: '' },
  { of: 'baseline', key: 'p95', label: 'direct p95', color: '#c05a00', dash: '6 4' },
];

const text = (x, y, body, attrs = '') => `<text x="${x}" y="${y}" ${attrs}>${body}</text>`;
const niceMax = (v) => {
  const step = 10 ** Math.floor(Math.log10(v || 1));
  return Math.ceil(v / step) * step;
};

const xTicks = (max) => {
  const step = Math.max(1, Math.round(max / 5));
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step);
};

/** A line chart: each series is a list of [x, y] points; the axes start at zero. */
export function linesPanel({ title, xLabel, yLabel, series }) {
  const points = series.flatMap((s) => s.points);
  const xMax = niceMax(Math.max(...points.map(([x]) => x)) * 1.1);
  const yMax = niceMax(Math.max(...points.map(([, y]) => y)) * 1.1);
  const x = (v) => M.left + (v / xMax) * (W - M.left - M.right);
  const y = (v) => H - M.bottom - (v / yMax) * (H - M.top - M.bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return [
    text(M.left, 22, title, 'class="title"'),
    ...ticks.map((t) => `<line x1="${M.left}" x2="${W - M.right}" y1="${y(t * yMax)}" y2="${y(t * yMax)}" class="grid"/>`),
    ...ticks.map((t) => text(M.left - 6, y(t * yMax) + 4, Math.round(t * yMax), 'text-anchor="end"')),
    ...xTicks(xMax).map((v) => text(x(v), H - M.bottom + 16, v, 'text-anchor="middle"')),
    text((M.left + W - M.right) / 2, H - 12, xLabel, 'text-anchor="middle"'),
    text(14, (M.top + H - M.bottom) / 2, yLabel, 'text-anchor="middle"'),
    ...series.map((s, i) => {
      const pts = s.points.map(([px, py]) => `${x(px)},${y(py)}`);
      const dots = pts.map((p) => `<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${s.color}"/>`).join('');
      const legend = `<line x1="${W - 150}" x2="${W - 125}" y1="${M.top + 8 + i * 16}" y2="${M.top + 8 + i * 16}" stroke="${s.color}" stroke-dasharray="${s.dash ?? ''}" stroke-width="2"/>${text(W - 120, M.top + 12 + i * 16, s.label)}`;
      return `<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash ?? ''}"/>${dots}${legend}`;
    }),
  ].join('\n');
}

/** Saga time without the payment simulator's wait, against the offered rate. */
function latencyPanel(report) {
  return linesPanel({
    title: 'Saga time without the payment wait, by offered rate',
    xLabel: 'orders per second (offered)',
    yLabel: 'ms',
    series: SERIES.filter((s) => report[s.of]?.length).map((s) => ({ ...s, points: report[s.of].map((step) => [step.offeredRate, step.engineMs[s.key]]) })),
  });
}

/** CPU milliseconds per order, one stacked bar per step, a segment per process. */
function cpuPanel(report) {
  const bars = [...report.steps.map((s) => ({ label: `saga ${s.rate}/s`, s })), ...(report.baseline ?? []).map((s) => ({ label: `direct ${s.rate}/s`, s }))];
  const names = [...new Set(bars.flatMap(({ s }) => Object.keys(s.cpuMsPerSaga)))];
  const xMax = niceMax(Math.max(...bars.map(({ s }) => s.cpuMsPerSagaTotal)) * 1.05);
  const left = 100;
  // The legend goes under the bars, three names a row: the bars share what it leaves.
  const legendHeight = Math.ceil(names.length / 3) * 16 + 10;
  const barH = Math.max(4, Math.min(28, (H - M.top - 10 - legendHeight) / bars.length - 8));
  const x = (v) => left + (v / xMax) * (W - left - M.right);
  const rows = bars.map(({ label, s }, i) => {
    const yy = M.top + 10 + i * (barH + 8);
    let at = 0;
    const segments = names.map((n, j) => {
      const v = s.cpuMsPerSaga[n] ?? 0;
      const rect = `<rect x="${x(at)}" y="${yy}" width="${Math.max(0, x(at + v) - x(at))}" height="${barH}" fill="${PALETTE[j % PALETTE.length]}"/>`;
      at += v;
      return rect;
    });
    return `${text(left - 6, yy + barH / 2 + 4, label, 'text-anchor="end"')}${segments.join('')}${text(x(at) + 4, yy + barH / 2 + 4, Math.round(at))}`;
  });
  const legendTop = M.top + 20 + bars.length * (barH + 8);
  const legend = names.map((n, j) => {
    const col = j % 3;
    const row = Math.floor(j / 3);
    const lx = left + col * 150;
    const ly = legendTop + row * 16;
    return `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${PALETTE[j % PALETTE.length]}"/>${text(lx + 14, ly, n)}`;
  });
  return [text(M.left, 22, 'CPU milliseconds per order, by process', 'class="title"'), ...rows, ...legend].join('\n');
}

export async function renderChart(report, pngPath) {
  const caption = `${report.machine.cpus} CPUs (${report.machine.cpuModel}), ${report.machine.memoryGb} GB, Node ${report.machine.node}; ${report.seconds} s per step; the whole stack and the load generator on one machine`;
  await photograph([latencyPanel(report), cpuPanel(report)], caption, pngPath);
}

/** SVG panels side by side with a caption, photographed by Chromium into a PNG. */
export async function photograph(panels, caption, pngPath) {
  const html = `<!doctype html><html><body style="margin:0;background:#fff">
<style>svg text { font: 12px sans-serif; fill: #333 } svg .title { font-weight: 600; font-size: 14px } svg .grid { stroke: #e3e7ed }</style>
<div id="chart" style="display:inline-block;padding:8px">
${panels.map((panel) => `<svg width="${W}" height="${H}">${panel}</svg>`).join('')}
<div style="font:12px sans-serif;color:#555;padding:0 8px">${caption}</div></div></body></html>`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: panels.length * W + 40, height: H + 60 }, deviceScaleFactor: 1.5 });
    await page.setContent(html);
    await page.locator('#chart').screenshot({ path: pngPath });
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [reportPath, pngPath] = process.argv.slice(2);
  if (!reportPath || !pngPath) {
    console.error('usage: node scripts/bench/chart.mjs <bench report .json> <out .png>');
    process.exit(2);
  }
  await renderChart(JSON.parse(readFileSync(reportPath, 'utf8')), pngPath);
  console.log(pngPath);
}
