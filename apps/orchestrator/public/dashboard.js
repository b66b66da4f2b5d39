// The saga dashboard. No framework, no build: it reads /api/dashboard (live, by server-sent
// events) and /api/sagas, and draws the saga as the workflow runs it.

// The diagram comes from the orchestrator (/api/dashboard/diagram), derived from the saga's steps.
const W = 190, H = 64, GAP_X = 80, GAP_Y = 34, PAD = 16;
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

function drawDiagram({ nodes, edges }) {
  const cols = Math.max(...nodes.map((n) => n.col)) + 1;
  const rows = Math.max(...nodes.map((n) => n.row)) + 1;
  svg.setAttribute('viewBox', `0 0 ${PAD * 2 + cols * W + (cols - 1) * GAP_X} ${PAD * 2 + rows * (H + GAP_Y)}`);
  const defs = el('defs');
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#9aa7b8', stroke: 'none' }));
  defs.append(marker);
  svg.append(defs);
  const box = new Map();
  for (const n of nodes) {
    const p = at(n.col, n.row);
    box.set(n.id, n.kind === 'step' ? { ...p, w: W, h: H } : { x: p.x + 30, y: p.y + 17, w: W - 60, h: 30 });
  }
  const labels = [];
  for (const { from, to, label } of edges) {
    const a = box.get(from), b = box.get(to);
    const sameRow = Math.abs(a.y - b.y) < 5;
    const leftward = b.x < a.x;
    const [x1, y1] = sameRow ? [leftward ? a.x : a.x + a.w, a.y + a.h / 2] : [a.x + a.w / 2, a.y + a.h];
    const [x2, y2] = sameRow ? [leftward ? b.x + b.w : b.x, b.y + b.h / 2] : [b.x + b.w / 2, b.y];
    const d = sameRow ? `M ${x1} ${y1} L ${x2} ${y2}` : `M ${x1} ${y1} C ${x1} ${(y1 + y2) / 2}, ${x2} ${(y1 + y2) / 2}, ${x2} ${y2}`;
    svg.append(el('path', { d, 'data-from': from, 'data-to': to }));
    // A label sits centred above a sideways arrow, beside a downward one; drawn last, over the boxes.
    const where = sameRow ? { x: (x1 + x2) / 2, y: y1 - 6, 'text-anchor': 'middle' } : { x: (x1 + x2) / 2 + 4, y: (y1 + y2) / 2 + 3 };
    if (label) labels.push(el('text', { class: 'edge-label', ...where }, label));
  }
  for (const n of nodes.filter((n) => n.kind !== 'step')) {
    const p = box.get(n.id);
    const bad = n.kind === 'end' && n.id !== 'COMPLETED';
    const g = el('g', { class: `end ${n.kind}${bad ? ' bad' : ''}`, 'data-node': n.id });
    g.append(el('rect', { x: p.x, y: p.y, width: p.w, height: p.h }));
    g.append(el('text', { x: p.x + p.w / 2, y: p.y + 19, 'text-anchor': 'middle' }, n.id));
    svg.append(g);
  }
  for (const n of nodes.filter((n) => n.kind === 'step')) {
    const p = box.get(n.id);
    const g = el('g', { class: `box role-${n.role}`, id: `step-${n.id}`, 'data-step': n.id });
    g.append(el('rect', { x: p.x, y: p.y, width: W, height: H }));
    g.append(el('text', { class: 'name', x: p.x + 10, y: p.y + 18 }, n.id));
    const counts = el('text', { class: 'stats', x: p.x + 10, y: p.y + 36 });
    for (const kind of ['running', 'ok', 'failed']) counts.append(el('tspan', { class: kind, 'data-count': kind }));
    g.append(counts);
    g.append(el('text', { class: 'stats times', x: p.x + 10, y: p.y + 54 }));
    g.addEventListener('click', () => {
      $('#filters [name=step]').value = n.id;
      refreshSagas();
    });
    svg.append(g);
  }
  svg.append(...labels);
  const stepFilter = $('#filters [name=step]');
  for (const n of nodes.filter((n) => n.kind === 'step')) stepFilter.append(new Option(n.id, n.id));
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
  const token = sessionStorage.getItem('operatorToken');
  const headers = { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) };
  const res = await fetch(`api/sagas/${shown}/${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const answer = await res.json().catch(() => ({}));
  $('#action-result').textContent = res.ok ? `${action}: done` : `${action}: ${answer.message ?? res.status}`;
  setTimeout(() => showSaga(shown), 500);
}

/** The operator's token stays in this tab only (sessionStorage) and goes out with each action. */
function showLogin() {
  $('#login-state').textContent = sessionStorage.getItem('operatorToken') ? 'logged in as operator' : 'not logged in: actions are refused';
}

function logIn(event) {
  event.preventDefault();
  const token = new FormData(event.target).get('token');
  if (token) sessionStorage.setItem('operatorToken', token);
  else sessionStorage.removeItem('operatorToken');
  event.target.reset();
  showLogin();
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

drawDiagram(await (await fetch('api/dashboard/diagram')).json());
$('#filters').addEventListener('change', refreshSagas);
$('#login').addEventListener('submit', logIn);
showLogin();
for (const button of document.querySelectorAll('[data-action]')) button.addEventListener('click', () => act(button.dataset.action));
connect();
