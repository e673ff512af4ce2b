// gatescope UI: plain DOM, every piece of log text set with textContent (never innerHTML).
'use strict';

const CAUSES = ['UPSTREAM_DOWN', 'UPSTREAM_RESTART', 'UPSTREAM_OVERLOAD', 'KEEPALIVE_RACE', 'NETWORK', 'DNS_FAILURE',
  'TLS_FAILURE', 'WEBSOCKET_UPGRADE', 'BAD_UPSTREAM_RESPONSE', 'PROXY_LIMITS', 'UNKNOWN'];
const TRIGGERS = ['OOM_KILL', 'PROCESS_CRASH', 'WORKER_POOL_EXHAUSTED', 'WORKER_TIMEOUT', 'DEPLOY', 'PROBE_FAILURE',
  'CRASH_LOOP', 'NODE_FAILURE'];

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

async function api(path, init) {
  const opts = Object.assign({ headers: {} }, init || {});
  const token = sessionStorage.getItem('gatescope-token');
  if (token) opts.headers['Authorization'] = 'Bearer ' + token;
  const r = await fetch(path, opts);
  if (r.status === 401) { askToken(); throw new Error('API token required'); }
  const body = await r.json();
  if (!r.ok) throw new Error(body.detail || ('HTTP ' + r.status));
  return body;
}

function askToken() {
  const box = document.getElementById('auth');
  box.hidden = false;
  document.getElementById('auth-form').onsubmit = (ev) => {
    ev.preventDefault();
    sessionStorage.setItem('gatescope-token', ev.target.token.value);
    box.hidden = true;
    start();
  };
}

function fmtTime(iso) { return iso ? iso.replace('T', ' ').replace('Z', '') : ''; }
function pct(x) { return Math.round(x * 100) + '%'; }
function showError(where, err) { where.replaceChildren(el('p', { class: 'error', text: err.message })); }

function statusBadge(s) { return el('span', { class: 'status ' + s, text: s }); }

// ---- list page -------------------------------------------------------------------------------
async function listPage() {
  const form = document.getElementById('filters');
  const causeSel = form.cause;
  if (causeSel.options.length === 1) CAUSES.forEach(c => causeSel.append(el('option', { text: c })));
  if (form.trigger.options.length === 1) TRIGGERS.forEach(c => form.trigger.append(el('option', { text: c })));
  const params = new URLSearchParams(location.search);
  for (const k of ['service', 'cause', 'trigger', 'status']) if (params.get(k)) form[k].value = params.get(k);
  form.onsubmit = (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const k of ['service', 'cause', 'trigger', 'status']) if (form[k].value) q.set(k, form[k].value);
    for (const k of ['from', 'to']) if (form[k].value) q.set(k, new Date(form[k].value + 'Z').toISOString());
    history.replaceState(null, '', '/?' + q);
    refreshList();
  };
  await refreshList();
  setInterval(refreshList, 5000); // open incidents update live
}

async function refreshList() {
  const tbody = document.querySelector('#incidents tbody');
  const q = new URLSearchParams(location.search);
  q.set('limit', '200');
  try {
    const data = await api('/api/incidents?' + q);
    document.getElementById('summary').textContent = data.total + ' incident(s), newest first';
    tbody.replaceChildren(...data.incidents.map(i => {
      const top = i.causes[0];
      return el('tr', { 'data-id': i.id },
        el('td', {}, el('a', { href: '/incidents/' + encodeURIComponent(i.id), text: i.service })),
        el('td', { text: fmtTime(i.start) + ' → ' + fmtTime(i.end).slice(11) }),
        el('td', {}, statusBadge(i.status)),
        el('td', { text: i.errors + ' / ' + i.requests }),
        el('td', {}, top ? el('span', { class: 'cause-code', text: top.cause }) : '', top ? ' ' + pct(top.confidence) : '',
          top && top.trigger ? el('span', { class: 'muted', text: ' · ' + top.trigger.kind }) : ''));
    }));
  } catch (err) { showError(document.getElementById('summary'), err); }
}

// ---- incident page ---------------------------------------------------------------------------
async function incidentPage() {
  const id = decodeURIComponent(location.pathname.split('/').pop());
  try {
    const i = await api('/api/incidents/' + encodeURIComponent(id));
    if (i.supersededBy) { location.replace('/incidents/' + encodeURIComponent(i.supersededBy)); return; }
    renderIncident(i);
    const t = await api('/api/incidents/' + encodeURIComponent(id) + '/timeline');
    renderChart(t, markersOf(i));
    renderPeers(t);
  } catch (err) { showError(document.getElementById('meta'), err); }
}

function renderIncident(i) {
  document.title = 'gatescope · ' + i.service;
  document.getElementById('title').textContent = i.service + ' — ' + (i.causes[0] ? i.causes[0].cause : 'UNKNOWN');
  const meta = document.getElementById('meta');
  meta.replaceChildren(statusBadge(i.status), ' ', i.kind + ' · ' + fmtTime(i.start) + ' → ' + fmtTime(i.end) + ' UTC · ' +
    i.errors + ' gateway errors in ' + i.requests + ' requests · ' + (i.gateway || '') + (i.targets.length ? ' · peers: ' + i.targets.join(', ') : ''));
  if (i.lateLines > 0) {
    // Lines of this period that came past the skew bound: counted, not analysed (the same note
    // as analyze's report).
    meta.append(el('p', { class: 'late-note', text: i.lateErrorLines > 0
      ? i.lateLines + ' lines of this period arrived too late to be analysed; ' + i.lateErrorLines
        + ' of them are error-log lines, so the failures they explain were not joined.'
      : i.lateLines + ' lines of this period arrived too late to be analysed; its counts leave them out.' }));
  }
  const list = document.getElementById('causes');
  list.replaceChildren(...i.causes.map(causeItem));
  renderDimensions(i.dimensions || []);
  const near = i.nearby || [];
  document.getElementById('nearby-card').hidden = near.length === 0;
  document.getElementById('nearby').replaceChildren(...evidenceList(near).children);
}

// What the failing requests have in common; each value searches the evidence lines that show it.
function renderDimensions(dims) {
  document.getElementById('no-dimensions').hidden = dims.length > 0;
  document.getElementById('dimensions').hidden = dims.length === 0;
  const pct = x => Math.round(x * 100) + '%';
  document.querySelector('#dimensions tbody').replaceChildren(...dims.map(d => {
    // A templated path is searched by its literal start: the lines hold the ids themselves.
    const literal = d.field === 'path' ? d.value.split('{id}')[0] : d.value.split('–')[0];
    const link = el('a', { href: '/search?q=' + encodeURIComponent('"' + literal.replace(/"/g, '') + '"'), text: d.value });
    return el('tr', {}, el('td', { text: d.field }), el('td', {}, link), el('td', { text: pct(d.failing) }),
      el('td', { text: pct(d.baseline) }));
  }));
}

// One ranked cause: confidence bar, summary, evidence, the trigger with its fixes, then its own.
function causeItem(c) {
  const li = el('li', { class: 'cause' });
  li.append(el('div', { class: 'conf' }, el('span', { class: 'cause-code', text: c.cause }),
    el('div', { class: 'bar' }, (() => { const s = el('span'); s.style.width = pct(c.confidence); return s; })()),
    el('span', { text: pct(c.confidence) + (c.proxyStatus ? ' · ' + c.proxyStatus : '') })));
  li.append(el('p', { text: c.summary }));
  li.append(evidenceList(c.evidence));
  if (c.trigger) {
    // What made the upstream fail, from its own logs: above the fixes, with its own.
    const tr = el('div', { class: 'trigger' }, el('h4', {}, 'Trigger: ', el('span', { class: 'cause-code', text: c.trigger.kind })),
      el('p', { text: c.trigger.summary }), evidenceList(c.trigger.evidence));
    for (const f of c.trigger.fixes) tr.append(fixBox(f));
    li.append(tr);
  }
  for (const f of c.fixes) li.append(fixBox(f));
  return li;
}

function evidenceList(evidence) {
  const ev = el('ul', { class: 'evidence' });
  for (const e of evidence) {
    const item = el('li', {}, el('strong', { text: e.count + ' × ' }), e.text);
    for (const x of e.examples) item.append(el('pre', { class: 'example', text: x }));
    ev.append(item);
  }
  return ev;
}

function fixBox(f) {
  const fix = el('div', { class: 'fix' }, el('h4', { text: f.title }), el('p', { class: 'muted', text: f.detail }));
  if (f.config) {
    const pre = el('pre', { class: 'config', text: f.config });
    const btn = el('button', { class: 'copy', type: 'button', text: 'Copy' });
    btn.onclick = () => navigator.clipboard && navigator.clipboard.writeText(f.config);
    fix.append(pre, btn);
  }
  return fix;
}

// The upstream's and the platform's moments (the kill, each rollout step, the restart), once each.
function markersOf(i) {
  const seen = new Set(), out = [];
  for (const c of i.causes) for (const m of ((c.trigger && c.trigger.markers) || [])) {
    const k = m.time + '|' + m.text;
    if (!seen.has(k)) { seen.add(k); out.push(m); }
  }
  return out.sort((a, b) => a.time.localeCompare(b.time));
}

function renderChart(t, markers) {
  markers = markers || [];
  document.getElementById('markers').replaceChildren(...markers.map(m =>
    el('li', { 'data-time': m.time, text: fmtTime(m.time).slice(11) + ' ' + m.signal + ' — ' + m.text + (m.count > 1 ? ' (×' + m.count + ')' : '') })));
  const box = document.getElementById('chart');
  const xs = t.points.map(p => Date.parse(p.t) / 1000);
  const series = [xs, t.points.map(p => p.requests), t.points.map(p => p.status502),
    t.points.map(p => p.otherServerErrors + p.status504), t.points.map(p => p.upstreamP95Ms)];
  const w0 = Date.parse(t.window.start) / 1000, w1 = Date.parse(t.window.end) / 1000;
  const windowBand = {
    hooks: { drawClear: [u => {
      const x0 = u.valToPos(w0, 'x', true), x1 = u.valToPos(w1, 'x', true);
      u.ctx.save(); u.ctx.fillStyle = 'rgba(217,63,43,0.12)';
      u.ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height); u.ctx.restore();
    }] }
  };
  const marks = markers.map(m => Date.parse(m.time) / 1000);
  const markerLines = {
    hooks: { draw: [u => {
      u.ctx.save(); u.ctx.strokeStyle = '#9b59b6'; u.ctx.setLineDash([4, 4]); u.ctx.lineWidth = 1.5;
      for (const x of marks) {
        const px = u.valToPos(x, 'x', true);
        if (px < u.bbox.left || px > u.bbox.left + u.bbox.width) continue;
        u.ctx.beginPath(); u.ctx.moveTo(px, u.bbox.top); u.ctx.lineTo(px, u.bbox.top + u.bbox.height); u.ctx.stroke();
      }
      u.ctx.restore();
    }] }
  };
  const opts = {
    width: Math.max(300, box.clientWidth), height: 300, plugins: [windowBand, markerLines],
    series: [{}, { label: 'requests', stroke: '#7a8bd6' }, { label: '502', stroke: '#e8583f', width: 2 },
      { label: 'other 5xx', stroke: '#e3a33b' }, { label: 'upstream p95 ms', stroke: '#4cc27a', scale: 'ms' }],
    axes: [{}, { label: 'per step' }, { side: 1, scale: 'ms', label: 'ms', grid: { show: false } }],
  };
  box.replaceChildren();
  if (typeof uPlot === 'undefined') { box.textContent = 'chart library missing'; return; }
  const plot = new uPlot(opts, series, box);
  box.setAttribute('data-points', String(xs.length));
  box.setAttribute('data-markers', String(marks.length));
  window.addEventListener('resize', () => plot.setSize({ width: Math.max(300, box.clientWidth), height: 300 }));
}

function totalsTable(t, field, selector, label) {
  const totals = {};
  for (const p of t.points) for (const [k, v] of Object.entries(p[field] || {})) totals[k] = (totals[k] || 0) + v;
  const rows = Object.entries(totals).sort((a, b) => b[1] - a[1]);
  document.querySelector(selector).replaceChildren(...rows.map(([k, n]) => el('tr', {}, el('td', { text: label(k) }), el('td', { text: n }))));
}

const CLASS_NAMES = {
  CONNECT_REFUSED: 'connection refused', NO_LIVE_UPSTREAMS: 'no live upstreams', PEER_MARKED_DOWN: 'peer marked down',
  CONNECT_UNREACHABLE: 'no route / unreachable', CONNECT_TIMEOUT: 'connect timed out', CONNECT_FAILED: 'connect failed',
  BACKLOG_FULL: 'listen backlog full', CLOSED_FAST: 'closed at once (< 100 ms)', CLOSED_SLOW: 'closed after a long wait',
  TARGET_CLOSED: 'target closed the connection', READ_TIMEOUT: 'response timed out', QUEUE_TIMEOUT: 'timed out in queue',
  HEADER_TOO_BIG: 'header too big', INVALID_RESPONSE: 'malformed response', TLS_CERTIFICATE: 'TLS certificate rejected',
  TLS_HANDSHAKE: 'TLS handshake failed', DNS: 'name resolution failed', WS_UPGRADE_FAILED: 'WebSocket upgrade failed',
  WS_IDLE_TIMEOUT: 'WebSocket idle timeout', PROXY_LIMIT: 'proxy resource limit', UPSTREAM_ANSWERED_ERROR: 'upstream answered 5xx',
  UNCLASSIFIED: 'no detail logged',
};

function renderPeers(t) {
  totalsTable(t, 'peerErrors', '#peers tbody', k => k);
  totalsTable(t, 'errorClasses', '#classes tbody', k => (CLASS_NAMES[k] || k) + ' (' + k + ')');
}

// ---- search page -----------------------------------------------------------------------------
async function searchPage() {
  const q = new URLSearchParams(location.search).get('q') || '';
  document.getElementById('q').value = q;
  if (!q) return;
  const out = document.getElementById('results');
  try {
    const data = await api('/api/search?q=' + encodeURIComponent(q));
    document.getElementById('summary').textContent = data.total + ' incident(s) match';
    out.replaceChildren(...data.results.map(r => {
      const li = el('li', {}, el('a', { href: '/incidents/' + encodeURIComponent(r.id), text: r.service }), ' ',
        statusBadge(r.status), ' ', el('span', { class: 'cause-code', text: r.cause }), ' · ' + fmtTime(r.start) + ' → ' + fmtTime(r.end));
      for (const m of r.matches) li.append(el('pre', { class: 'match', text: m }));
      return li;
    }));
  } catch (err) { showError(document.getElementById('summary'), err); }
}

// ---- explain page ----------------------------------------------------------------------------
function explainPage() {
  const form = document.getElementById('paste-form');
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    const status = document.getElementById('explain-status');
    status.textContent = 'Reading the lines…';
    try {
      const doc = await api('/api/explain', { method: 'POST', headers: { 'Content-Type': 'text/plain' },
        body: form.lines.value });
      status.textContent = '';
      renderExplained(doc);
    } catch (err) { showError(status, err); }
  };
}

function renderExplained(doc) {
  document.getElementById('answer').hidden = false;
  document.getElementById('read-lines').replaceChildren(...doc.lines.map((l, n) => el('tr',
    { class: l.source === 'unknown' ? 'unknown' : '' },
    el('td', { class: 'muted', text: String(n + 1) }), el('td', { class: 'cause-code', text: l.source }),
    el('td', {}, el('pre', { class: 'example', text: l.line }), el('span', { text: l.note })))));
  document.getElementById('no-cause').hidden = doc.causes.length > 0;
  document.getElementById('explained-causes').replaceChildren(...doc.causes.map(causeItem));
  document.getElementById('tell-apart-card').hidden = doc.tellApart.length === 0;
  document.getElementById('tell-apart').replaceChildren(...doc.tellApart.map(t => el('li', {},
    el('strong', { text: t.causes.join(' or ') + '? ' }), t.check, el('pre', { class: 'config', text: t.command }))));
}

function start() {
  const page = document.body.dataset.page;
  if (page === 'list') listPage();
  else if (page === 'incident') incidentPage();
  else if (page === 'search') searchPage();
  else if (page === 'explain') explainPage();
}
document.addEventListener('DOMContentLoaded', start);
