// The HTML trace viewer: one self-contained page per counterexample (inline CSS and JS, no
// network). Owns: htmlPage(trace) → the page's bytes. The page draws a message sequence chart —
// actors as lanes, messages as arrows from the step that sent them to the step that delivered
// (or dropped) them, faults marked in red, each actor's state after every step, the violated
// invariant highlighted — with step forward/back (buttons and arrow keys). It renders only what
// the trace records and decides nothing. The bytes depend only on the trace (no clock, no ids).
import type { TraceV1 } from './trace.js';

const CSS = `
*{box-sizing:border-box}body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d232b;background:#f6f7f9}
header{padding:14px 20px;background:#1d232b;color:#fff}header h1{font-size:18px;margin:0 0 4px}header .meta{opacity:.8;font-size:13px}
.violation{margin:14px 20px;padding:10px 14px;border-left:6px solid #c62828;background:#fdecea;border-radius:4px}
.violation b{color:#b71c1c}.ok{border-color:#2e7d32;background:#e8f5e9}
.controls{display:flex;gap:8px;align-items:center;margin:0 20px 10px}
button{font:inherit;padding:5px 12px;border:1px solid #8a94a3;background:#fff;border-radius:4px;cursor:pointer}button:disabled{opacity:.4;cursor:default}
.main{display:flex;gap:16px;margin:0 20px 20px;align-items:flex-start;flex-wrap:wrap}
.chart{background:#fff;border:1px solid #d5d9e0;border-radius:6px;overflow:auto;max-height:80vh}
.side{flex:1;min-width:320px}
#detail{background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:10px 14px;margin-bottom:12px;white-space:pre-wrap;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
table{border-collapse:collapse;background:#fff;font-size:12.5px;width:100%}th,td{border:1px solid #d5d9e0;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eef1f5;position:sticky;top:0}tr.cur td{background:#fff6d6}tr.bad td{color:#b71c1c;font-weight:600}td.changed{background:#e3f2fd}
tr.cur td.changed{background:#ffe9a8}.fault{color:#c62828;font-weight:600}.tablewrap{max-height:50vh;overflow:auto;border:1px solid #d5d9e0;border-radius:6px}
svg text{font-family:system-ui,sans-serif}
`;

const JS = String.raw`
(function () {
  'use strict';
  var trace = JSON.parse(document.getElementById('trace-data').textContent);
  var events = trace.events, initial = trace.initial || { states: {}, sent: [] };
  var actors = Object.keys(initial.states).sort();
  events.forEach(function (e) { [e.actor, e.from].forEach(function (a) { if (a && actors.indexOf(a) < 0) actors.push(a); }); });
  var LANE = 150, ROW = 34, TOP = 50, LEFT = 90;
  var W = LEFT + actors.length * LANE + 20, H = TOP + (events.length + 1) * ROW + 20;
  var NS = 'http://www.w3.org/2000/svg';
  var laneX = function (a) { return LEFT + actors.indexOf(a) * LANE + LANE / 2; };
  var rowY = function (r) { return TOP + (r + 1) * ROW; };
  var bad = trace.violation ? trace.violation.step - 1 : -2;
  function el(name, attrs, text, parent) {
    var n = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) n.textContent = text;
    (parent || svg).appendChild(n);
    return n;
  }
  var boxW = function (label) { return Math.max(40, label.length * 6.4 + 12); };
  var svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('width', W); svg.setAttribute('height', H); svg.setAttribute('id', 'msc');
  document.getElementById('chart').appendChild(svg);
  var defs = el('defs', {});
  [['arrow', '#37474f'], ['arrowf', '#c62828']].forEach(function (m) {
    var mk = el('marker', { id: m[0], viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' }, undefined, defs);
    el('path', { d: 'M0,0 L10,5 L0,10 z', fill: m[1] }, undefined, mk);
  });
  var band = el('rect', { x: 0, y: 0, width: W, height: ROW, fill: '#fff3c4', id: 'band' });
  if (bad >= 0) el('rect', { x: 0, y: rowY(bad) - ROW / 2, width: W, height: ROW, fill: '#fdecea' });
  actors.forEach(function (a) {
    el('line', { x1: laneX(a), y1: TOP - 10, x2: laneX(a), y2: H - 10, stroke: '#b0bac6', 'stroke-dasharray': '4 3' });
    el('text', { x: laneX(a), y: 22, 'text-anchor': 'middle', 'font-weight': '700', 'font-size': '14' }, a);
    el('text', { x: laneX(a), y: rowY(-1) + 4, 'text-anchor': 'middle', 'font-size': '11', fill: '#455a64' }, initial.states[a] || '');
  });
  el('text', { x: 8, y: rowY(-1) + 4, 'font-size': '11', fill: '#607d8b' }, 'start');
  var msgs = {};
  var senderOf = function (id) { return id.split('#')[0]; };
  initial.sent.forEach(function (s) { msgs[s.id] = { from: senderOf(s.id), to: s.to, type: s.type, row: -1 }; });
  var states = [], cur = Object.assign({}, initial.states);
  events.forEach(function (e, i) {
    var y = rowY(i), target = e.choice.slice(e.choice.indexOf(' ') + 1), fault = !!e.fault;
    el('text', { x: 8, y: y + 4, 'font-size': '11', fill: fault ? '#c62828' : '#607d8b' }, '#' + e.step + ' t=' + e.time);
    var m = msgs[target];
    if (m && (e.choice.indexOf('deliver ') === 0 || e.choice.indexOf('reorder ') === 0 || e.choice.indexOf('drop ') === 0)) {
      var dropped = e.choice.indexOf('drop ') === 0;
      var x1 = laneX(m.from), x2 = laneX(m.to), y1 = rowY(m.row);
      if (!dropped && e.after !== undefined && x1 !== x2) {
        var half = boxW(e.after) / 2 + 2, frac = half / Math.abs(x2 - x1);
        x2 = x2 - (x2 - x1) * frac; y = y - (y - y1) * frac;
      }
      var line = el('line', { x1: x1, y1: y1, x2: dropped ? (x1 + x2) / 2 : x2, y2: y, stroke: fault ? '#c62828' : '#37474f', 'stroke-width': '1.6', 'marker-end': dropped ? '' : (fault ? 'url(#arrowf)' : 'url(#arrow)') });
      if (dropped) { line.setAttribute('stroke-dasharray', '5 3'); el('text', { x: (x1 + x2) / 2, y: y + 5, 'text-anchor': 'middle', fill: '#c62828', 'font-weight': '700' }, '\u2715'); }
      el('text', { x: (x1 + (dropped ? (x1 + x2) / 2 : x2)) / 2, y: (y1 + y) / 2 - 4, 'text-anchor': 'middle', 'font-size': '11', fill: fault ? '#c62828' : '#263238' }, m.type + (m.corrupted ? ' (corrupted)' : ''));
      y = rowY(i);
    }
    if (e.choice.indexOf('corrupt ') === 0 && m) m.corrupted = true;
    if (e.choice.indexOf('duplicate ') === 0 && m && e.note) { var copy = e.note.replace('copy ', ''); msgs[copy] = { from: m.from, to: m.to, type: m.type + ' (dup)', row: i }; }
    (e.sent || []).forEach(function (s) { msgs[s.id] = { from: senderOf(s.id), to: s.to, type: s.type, row: i }; });
    var who = e.actor || (m ? m.to : null);
    if (fault) {
      var fx = who ? laneX(who) : LEFT + 10;
      el('text', { x: fx + 8, y: y - 8, 'font-size': '11', fill: '#c62828', 'font-weight': '700' }, '\u26A1 ' + e.fault);
    }
    if (e.actor) {
      cur[e.actor] = e.after !== undefined ? e.after : cur[e.actor];
      var label = e.after !== undefined ? e.after : '';
      var bw = boxW(label), timer = e.choice.indexOf('timer ') === 0;
      if (timer) el('text', { x: laneX(e.actor) + bw / 2 + 4, y: y + 4, 'font-size': '10', fill: '#6a1b9a' }, 'timer ' + (e.event.indexOf('xstate.after.') === 0 ? 'after ' + e.event.split('.')[2] : e.event));
      el('rect', { x: laneX(e.actor) - bw / 2, y: y - 10, width: bw, height: 20, rx: 4, fill: i === bad ? '#ffcdd2' : (fault ? '#ffebee' : (timer ? '#f3e5f5' : '#e3f2fd')), stroke: i === bad ? '#c62828' : '#90a4ae' });
      el('text', { x: laneX(e.actor), y: y + 4, 'text-anchor': 'middle', 'font-size': '11' }, label);
    } else if (!m && !fault) {
      el('text', { x: LEFT, y: y + 4, 'font-size': '11', fill: '#607d8b' }, e.note || e.choice);
    }
    states.push(Object.assign({}, cur));
  });
  var tbody = document.getElementById('steps');
  var head = document.getElementById('steps-head');
  ['step', 'choice'].concat(actors).forEach(function (h) { var th = document.createElement('th'); th.textContent = h; head.appendChild(th); });
  events.forEach(function (e, i) {
    var tr = document.createElement('tr'); tr.className = 'step' + (i === bad ? ' bad' : ''); tr.dataset.step = String(i);
    var td = function (t, cls) { var c = document.createElement('td'); c.textContent = t; if (cls) c.className = cls; tr.appendChild(c); };
    td('#' + e.step); td(e.choice, e.fault ? 'fault' : '');
    actors.forEach(function (a) { var prev = i === 0 ? initial.states[a] : states[i - 1][a]; td(states[i][a] || '', states[i][a] !== prev ? 'changed' : ''); });
    tr.addEventListener('click', function () { go(i); });
    tbody.appendChild(tr);
  });
  var pos = events.length - 1;
  function describe(e) {
    var lines = ['step #' + e.step + '  t=' + e.time + 'ms', 'choice: ' + e.choice];
    if (e.fault) lines.push('FAULT: ' + e.fault);
    if (e.actor) lines.push('actor: ' + e.actor + (e.from ? '  (message from ' + e.from + ')' : ''));
    if (e.event) lines.push('event: ' + e.event);
    if (e.before !== undefined) lines.push('state: ' + e.before + ' \u2192 ' + e.after);
    (e.sent || []).forEach(function (s) { lines.push('sent: ' + s.type + ' \u2192 ' + s.to + ' (' + s.id + ')' + (s.lost ? ' lost' : '')); });
    if (e.note) lines.push('note: ' + e.note);
    if (trace.violation && e.step === trace.violation.step - 1) lines.push('', 'VIOLATED after this step: ' + trace.violation.invariant, trace.violation.message);
    return lines.join('\n');
  }
  function go(i) {
    if (events.length === 0) return;
    pos = Math.max(0, Math.min(events.length - 1, i));
    band.setAttribute('y', String(rowY(pos) - ROW / 2));
    document.querySelectorAll('#steps tr').forEach(function (tr, k) { tr.classList.toggle('cur', k === pos); });
    var row = document.querySelector('#steps tr[data-step="' + pos + '"]'); if (row && row.scrollIntoView) row.scrollIntoView({ block: 'nearest' });
    document.getElementById('detail').textContent = describe(events[pos]);
    document.getElementById('pos').textContent = 'step ' + (pos + 1) + ' of ' + events.length;
    document.getElementById('prev').disabled = pos === 0;
    document.getElementById('next').disabled = pos === events.length - 1;
  }
  document.getElementById('prev').addEventListener('click', function () { go(pos - 1); });
  document.getElementById('next').addEventListener('click', function () { go(pos + 1); });
  document.getElementById('first').addEventListener('click', function () { go(0); });
  document.getElementById('last').addEventListener('click', function () { go(events.length - 1); });
  document.addEventListener('keydown', function (ev) { if (ev.key === 'ArrowRight') go(pos + 1); if (ev.key === 'ArrowLeft') go(pos - 1); });
  if (events.length === 0) document.getElementById('detail').textContent = 'this trace has no steps';
  go(pos);
})();
`;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON safe to embed in a <script> element (no `<` so no `</script>` can appear). */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The self-contained viewer page of a trace. */
export function htmlPage(trace: TraceV1): string {
  const mut = trace.scenario.mutant ? ` · mutant ${trace.scenario.mutant}` : '';
  const v = trace.violation;
  const banner = v
    ? `<div class="violation" id="violation"><b>Violated: ${escapeHtml(v.invariant)}</b> after step #${v.step - 1} (${v.phase === 'terminal' ? 'terminal oracle' : 'invariant'})<br>${escapeHtml(v.message)}</div>`
    : `<div class="violation ok" id="violation">No violation recorded in this trace.</div>`;
  const min = trace.minimized ? ` · minimized from ${trace.minimized.originalChoices} to ${trace.choices.length} choices` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>racelab trace · ${escapeHtml(trace.scenario.id)}${escapeHtml(mut)}</title>
<style>${CSS}</style></head>
<body>
<header><h1>${escapeHtml(trace.scenario.id)}${escapeHtml(mut)}</h1>
<div class="meta">strategy ${escapeHtml(trace.explorer.strategy)} · seed ${escapeHtml(trace.seed)} · execution ${trace.execution} · ${trace.choices.length} steps${escapeHtml(min)} · sha256 ${escapeHtml(trace.sha256.slice(0, 16))}…</div>
<div class="meta">reproduce: <code>npx racelab replay &lt;this trace's counterexample.json&gt;</code></div></header>
${banner}
<div class="controls"><button id="first">|◀ first</button><button id="prev">◀ back</button><button id="next">forward ▶</button><button id="last">last ▶|</button><span id="pos"></span><span style="opacity:.6">(← → keys)</span></div>
<div class="main"><div class="chart" id="chart"></div>
<div class="side"><div id="detail"></div>
<div class="tablewrap"><table><thead><tr id="steps-head"></tr></thead><tbody id="steps"></tbody></table></div></div></div>
<script type="application/json" id="trace-data">${embedJson(trace)}</script>
<script>${JS}</script>
</body></html>
`;
}
