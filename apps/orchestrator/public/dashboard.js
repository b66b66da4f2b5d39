// The saga dashboard. No framework, no build: it reads /api/dashboard (live, by server-sent
// events) and /api/sagas, and draws the saga as the workflow runs it.

// The boxes, as in ticket-saga.workflow.ts and the README diagram: [step, column, row].
const BOXES = [
  ['checkProducts', 1, 1], ['reserveTickets', 1, 2], ['rejectOrder', 0, 2],
  ['requestPayment', 1, 3], ['awaitPayment', 1, 4],
  ['confirmReservation', 1, 5], ['issueTickets', 1, 6], ['completeOrder', 1, 7],
  ['releaseReservation', 2, 5], ['declineOrder', 2, 6],
  ['voidPayment', 3, 5], ['timeOutOrder', 3, 6], ['notifyCustomer', 3, 7],
  ['failOrder', 0, 6],
];
const ENDS = [
  ['OrderPlaced', 1, 0, false], ['REJECTED', 0, 3, true], ['COMPLETED', 1, 8, false],
  ['PAYMENT_DECLINED', 2, 7, true], ['PAYMENT_TIMEOUT', 3, 8, true], ['FAILED', 0, 7, true],
];
const EDGES = [
  ['OrderPlaced', 'checkProducts'], ['checkProducts', 'reserveTickets', 'on sale'], ['checkProducts', 'rejectOrder', 'withdrawn'],
  ['reserveTickets', 'rejectOrder', 'sold out'], ['rejectOrder', 'REJECTED'], ['reserveTickets', 'requestPayment', 'reserved'],
  ['requestPayment', 'awaitPayment'], ['awaitPayment', 'confirmReservation', 'approved'],
  ['awaitPayment', 'releaseReservation', 'declined'], ['awaitPayment', 'voidPayment', 'no result in time'],
  ['confirmReservation', 'issueTickets', 'held'], ['issueTickets', 'completeOrder'], ['completeOrder', 'COMPLETED'],
  ['releaseReservation', 'declineOrder'], ['declineOrder', 'PAYMENT_DECLINED'],
  ['voidPayment', 'timeOutOrder'], ['timeOutOrder', 'notifyCustomer'], ['notifyCustomer', 'PAYMENT_TIMEOUT'],
  ['failOrder', 'FAILED'],
];
const W = 190, H = 64, GAP_X = 40, GAP_Y = 30, PAD = 16;
const at = (col, row) => ({ x: PAD + col * (W + GAP_X), y: PAD + row * (H + GAP_Y) });

const svg = document.querySelector('#diagram');
const $ = (selector) => document.querySelector(selector);
const el = (name, attrs = {}, text) => {
  const node = document.createElementNS('http://www.w3.org/2000/svg', name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};
const ms = (v) => (v === null || v === undefined ? '–' : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`);
const age = (v) => (v < 60_000 ? `${Math.round(v / 1000)} s` : v < 3_600_000 ? `${Math.round(v / 60_000)} min` : `${Math.round(v / 3_600_000)} h`);

function drawDiagram() {
  const rows = Math.max(...[...BOXES, ...ENDS].map((b) => b[2])) + 1;
  svg.setAttribute('viewBox', `0 0 ${PAD * 2 + 4 * W + 3 * GAP_X} ${PAD * 2 + rows * (H + GAP_Y)}`);
  const defs = el('defs');
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#9aa7b8', stroke: 'none' }));
  defs.append(marker);
  svg.append(defs);
  const centre = new Map();
  for (const [name, col, row] of BOXES) centre.set(name, { ...at(col, row), w: W, h: H });
  for (const [name, col, row] of ENDS) {
    const p = at(col, row);
    centre.set(name, { x: p.x + 30, y: p.y + 17, w: W - 60, h: 30 });
  }
  for (const [from, to, label] of EDGES) {
    const a = centre.get(from), b = centre.get(to);
    const [x1, y1] = [a.x + a.w / 2, a.y + a.h];
    const [x2, y2] = b.y > a.y ? [b.x + b.w / 2, b.y] : [b.x + b.w, b.y + b.h / 2];
    const sameRow = Math.abs(a.y - b.y) < 5;
    const d = sameRow ? `M ${a.x} ${a.y + a.h / 2} L ${b.x + b.w} ${b.y + b.h / 2}` : `M ${x1} ${y1} C ${x1} ${(y1 + y2) / 2}, ${x2} ${(y1 + y2) / 2}, ${x2} ${y2}`;
    svg.append(el('path', { d }));
    if (label) svg.append(el('text', { class: 'edge-label', x: (x1 + x2) / 2 + 4, y: (y1 + y2) / 2 }, label));
  }
  for (const [name, col, row, bad] of ENDS) {
    const p = centre.get(name);
    const g = el('g', { class: `end${bad ? ' bad' : ''}` });
    g.append(el('rect', { x: p.x, y: p.y, width: p.w, height: p.h }));
    g.append(el('text', { x: p.x + p.w / 2, y: p.y + 19, 'text-anchor': 'middle' }, name));
    svg.append(g);
  }
  for (const [name] of BOXES) {
    const p = centre.get(name);
    const g = el('g', { class: 'box', id: `step-${name}`, 'data-step': name });
    g.append(el('rect', { x: p.x, y: p.y, width: W, height: H }));
    g.append(el('text', { class: 'name', x: p.x + 10, y: p.y + 18 }, name));
    const counts = el('text', { class: 'stats', x: p.x + 10, y: p.y + 36 });
    for (const kind of ['running', 'ok', 'failed']) counts.append(el('tspan', { class: kind, 'data-count': kind }));
    g.append(counts);
    g.append(el('text', { class: 'stats times', x: p.x + 10, y: p.y + 54 }));
    g.addEventListener('click', () => {
      $('#filters [name=step]').value = name;
      refreshSagas();
    });
    svg.append(g);
  }
}

function renderOverview(data) {
  const { counts, steps } = data;
  const byStatus = counts.byStatus;
  $('#counts').innerHTML = [
    ['running', counts.running], ['stuck', counts.stuck], ['completed', byStatus.COMPLETED ?? 0],
    ['rejected', byStatus.REJECTED ?? 0], ['declined', byStatus.PAYMENT_DECLINED ?? 0],
    ['timed out', byStatus.PAYMENT_TIMEOUT ?? 0], ['failed', byStatus.FAILED ?? 0],
  ].map(([label, n]) => `<span class="${label}" data-count="${label}"><b>${n}</b> ${label}</span>`).join('');
  for (const s of steps) {
    const g = document.getElementById(`step-${s.step}`);
    if (!g) continue;
    g.querySelector('[data-count=running]').textContent = `▶ ${s.inProgress}  `;
    g.querySelector('[data-count=ok]').textContent = `✓ ${s.completed}  `;
    g.querySelector('[data-count=failed]').textContent = `✗ ${s.failed}`;
    g.querySelector('.times').textContent = `p50 ${ms(s.p50Ms)} · p95 ${ms(s.p95Ms)}`;
    g.dataset.inProgress = s.inProgress;
    g.dataset.completed = s.completed;
    g.dataset.failed = s.failed;
    g.classList.toggle('busy', s.inProgress > 0);
    g.classList.toggle('slowest', s.step === data.slowestStep);
    g.classList.toggle('failing', s.step === data.mostFailingStep);
  }
}

async function refreshSagas() {
  const params = new URLSearchParams([...new FormData($('#filters'))].filter(([, v]) => v));
  const sagas = await (await fetch(`api/sagas?${params}`)).json();
  $('#sagas tbody').replaceChildren(...sagas.map((s) => {
    const tr = document.createElement('tr');
    tr.className = s.stuck ? 'stuck' : '';
    tr.dataset.orderId = s.orderId;
    tr.innerHTML = `<td><code>${s.orderId.slice(0, 8)}</code></td><td class="status-${s.status}">${s.status}</td>
      <td>${s.step}</td><td>${s.attempt}</td><td>${age(s.ageMs)}</td><td>${escape(s.reason ?? '')}</td>`;
    tr.addEventListener('click', () => showSaga(s.orderId));
    return tr;
  }));
}

let shown;
async function showSaga(orderId) {
  shown = orderId;
  const res = await fetch(`api/sagas/${orderId}`);
  if (!res.ok) return;
  const { summary, workflow, timeline } = await res.json();
  $('#detail').hidden = false;
  $('#detail-id').textContent = orderId;
  $('#detail-summary').innerHTML = [
    ['status', summary?.status], ['step', summary?.step], ['attempt', summary?.attempt],
    ['workflow', workflow?.runtimeStatus], ['started', summary?.startedAt], ['reason', summary?.reason ?? workflow?.failure],
  ].filter(([, v]) => v).map(([k, v]) => `<div><small>${k}</small><br><b>${escape(String(v))}</b></div>`).join('');
  const start = timeline[0] ? Date.parse(timeline[0].at) : 0;
  $('#timeline tbody').replaceChildren(...timeline.map((e) => {
    const tr = document.createElement('tr');
    tr.innerHTML = `<td>${e.at.slice(11, 23)}</td><td>${Date.parse(e.at) - start}</td><td>${e.kind}</td><td>${e.step}</td>
      <td>${e.attempt}</td><td class="outcome-${e.outcome}">${e.outcome}</td><td>${ms(e.durationMs)}</td><td><code>${escape(e.detail ?? '')}</code></td>`;
    return tr;
  }));
}

async function act(action) {
  if (!shown) return;
  const [path, body] = {
    approve: ['payment-result', { outcome: 'APPROVED' }], decline: ['payment-result', { outcome: 'DECLINED', reason: 'declined by an operator' }],
    terminate: ['terminate', {}], purge: ['purge', {}],
  }[action];
  if ((action === 'terminate' || action === 'purge') && !confirm(`${action} saga ${shown}?`)) return;
  const res = await fetch(`api/sagas/${shown}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await res.json().catch(() => ({}));
  $('#action-result').textContent = res.ok ? `${action}: done` : `${action}: ${answer.message ?? res.status}`;
  setTimeout(() => showSaga(shown), 500);
}

function escape(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

function connect() {
  const stream = new EventSource('api/dashboard/stream');
  stream.onmessage = (message) => {
    $('#live').classList.remove('off');
    renderOverview(JSON.parse(message.data));
    refreshSagas();
    if (shown) showSaga(shown);
  };
  stream.onerror = () => $('#live').classList.add('off');
}

drawDiagram();
const stepFilter = $('#filters [name=step]');
for (const [name] of BOXES) stepFilter.append(new Option(name, name));
$('#filters').addEventListener('change', refreshSagas);
for (const button of document.querySelectorAll('[data-action]')) button.addEventListener('click', () => act(button.dataset.action));
connect();
