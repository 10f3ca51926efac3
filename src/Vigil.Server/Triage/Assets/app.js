// Vigil's triage page: hand-written, no dependency, no build step. Every value from an alert reaches the DOM through
// textContent or an attribute set by setAttribute, never parsed as markup: events are attacker-controlled. The guide, HTML
// rendered by the server, is shown in a sandboxed iframe (no scripts), and read only through DOMParser (inert).
'use strict';
(() => {
  const SEARCH = '/api/detection_engine/signals/search';
  // The list and its summary come from SQL over the store's columns (GET, the page's filters as they are in its URL);
  // a Kibana search would parse every alert. The detail, building blocks and workflow keep using Kibana's API.
  const TRIAGE_ALERTS = '/api/vigil/triage/alerts';
  const TRIAGE_SUMMARY = '/api/vigil/triage/summary';
  const BB = 'kibana.alert.building_block_type';
  const REASONS = ['false_positive', 'duplicate', 'true_positive', 'benign_positive', 'other'];
  const PAGE_SIZE = 100;
  const view = document.getElementById('view');
  const live = document.getElementById('live');
  let pollTimer = 0;
  let current = null; // the shown page's state (list or detail)
  let pendingG = false;

  // ---- small helpers -------------------------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) add(e, c);
    return e;
  }
  function add(parent, c) {
    if (c === undefined || c === null || c === false) return;
    if (Array.isArray(c)) c.forEach(x => add(parent, x));
    else parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  function svg(tag, attrs) {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    return e;
  }
  function say(text, isError) {
    live.textContent = text;
    live.classList.toggle('error', !!isError);
  }
  // Kibana's rule: state-changing calls carry kbn-xsrf; a cross-site form cannot set it, a cross-site fetch cannot
  // send it without a CORS preflight the service never grants.
  async function api(method, path, body) {
    const headers = { 'kbn-xsrf': 'vigil-triage', 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (!response.ok) {
      const message = (json && (json.message || (json.error && (json.error.reason || json.error)))) || `${response.status} ${response.statusText}`;
      throw new Error(typeof message === 'string' ? message : JSON.stringify(message));
    }
    return json;
  }
  // A field of a _source that may be written with dotted keys ("kibana.alert.severity") or nested objects (host.name).
  function field(src, path) {
    if (src === null || typeof src !== 'object') return undefined;
    if (Object.prototype.hasOwnProperty.call(src, path)) return src[path];
    const parts = path.split('.');
    for (let i = 1; i < parts.length; i++) {
      const head = parts.slice(0, i).join('.');
      if (Object.prototype.hasOwnProperty.call(src, head)) {
        const v = field(src[head], parts.slice(i).join('.'));
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }
  function text(v) {
    if (v === undefined || v === null) return '';
    if (Array.isArray(v)) return v.map(text).join(', ');
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  }
  function flatten(obj, prefix, out) {
    if (obj !== null && typeof obj === 'object' && !Array.isArray(obj)) {
      for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    } else if (Array.isArray(obj) && obj.some(x => x !== null && typeof x === 'object')) {
      obj.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out));
    } else {
      out.push([prefix, obj]);
    }
    return out;
  }
  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }
  const severityOrder = { critical: 0, high: 1, medium: 2, low: 3 };
  function sevCell(sev) { return el('span', { class: `sev sev-${/^[a-z]+$/.test(sev || '') ? sev : 'unknown'}` }, sev || ''); }
  function statusCell(st) { return el('span', { class: `status-${/^[a-z-]+$/.test(st || '') ? st : 'unknown'}` }, st || ''); }

  // ---- routing: #/alerts?filters, #/alert/<id>, #/rules -------------------------------------------------------------
  function route() {
    const hash = location.hash.replace(/^#/, '') || '/alerts';
    const [path, query] = hash.split('?');
    return { path, params: new URLSearchParams(query || '') };
  }
  function show() {
    clearTimeout(pollTimer);
    const { path, params } = route();
    document.getElementById('nav-alerts').toggleAttribute('aria-current', false);
    document.getElementById('nav-rules').toggleAttribute('aria-current', false);
    if (path.startsWith('/alert/')) {
      document.getElementById('nav-alerts').setAttribute('aria-current', 'page');
      showDetail(decodeURIComponent(path.slice('/alert/'.length)));
    } else if (path === '/rules') {
      document.getElementById('nav-rules').setAttribute('aria-current', 'page');
      showRules();
    } else {
      document.getElementById('nav-alerts').setAttribute('aria-current', 'page');
      showList(params);
    }
  }

  // ---- the alerts list ------------------------------------------------------------------------------------------
  const FILTERS = [
    ['status', 'Status', ['open', 'acknowledged', 'closed', 'all'], 'open'],
    ['severity', 'Severity', ['', 'critical', 'high', 'medium', 'low'], ''],
    ['range', 'Time', ['15m', '1h', '24h', '7d', '30d', 'all'], 'all'],
  ];
  const TEXT_FILTERS = [['rule', 'Rule'], ['host', 'Host'], ['user', 'User'], ['q', 'Reason contains']];

  function filterQuery(params) {
    const query = new URLSearchParams();
    query.set('status', params.get('status') || 'open');
    for (const name of ['severity', 'rule', 'host', 'user', 'range', 'q']) if (params.get(name)) query.set(name, params.get(name));
    return query.toString();
  }

  function showList(params) {
    const state = { kind: 'list', params, selected: new Set(), cursor: 0, rows: [], open: new Set(), signature: '', size: PAGE_SIZE };
    current = state;
    const form = el('form', { class: 'filters', role: 'search', onsubmit: e => e.preventDefault() });
    for (const [name, label, values, fallback] of FILTERS) {
      const select = el('select', { name, id: `f-${name}` }, values.map(v => el('option', { value: v }, v || 'any')));
      select.value = params.get(name) || fallback;
      select.addEventListener('change', () => setFilter(state, name, select.value, fallback));
      form.append(el('label', { for: `f-${name}` }, label, select));
    }
    for (const [name, label] of TEXT_FILTERS) {
      const input = el('input', { type: 'search', name, id: `f-${name}`, value: params.get(name) || '', autocomplete: 'off' });
      let timer = 0;
      input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => setFilter(state, name, input.value.trim(), ''), 300); });
      form.append(el('label', { for: `f-${name}` }, label, input));
    }
    state.severityCard = el('div', { class: 'card', id: 'by-severity' }, el('h2', {}, 'By severity'), el('ul', { class: 'counts' }));
    state.ruleCard = el('div', { class: 'card', id: 'by-rule' }, el('h2', {}, 'By rule'), el('ul', { class: 'counts' }));
    state.histCard = el('div', { class: 'card histogram', id: 'histogram' }, el('h2', {}, 'Alerts over time'), svg('svg', { viewBox: '0 0 400 80', preserveAspectRatio: 'none', role: 'img', 'aria-label': 'alerts over time' }));
    state.count = el('span', { class: 'count', id: 'selected-count' }, '0 selected');
    state.reason = el('select', { id: 'close-reason', 'aria-label': 'closing reason' }, REASONS.map(r => el('option', { value: r }, r.replace(/_/g, ' '))));
    const tagInput = el('input', { type: 'text', id: 'bulk-tag', placeholder: 'tag', 'aria-label': 'tag', size: 10 });
    const assigneeInput = el('input', { type: 'text', id: 'bulk-assignee', placeholder: 'assignee', 'aria-label': 'assignee', size: 10 });
    const bulk = el('div', { class: 'bulk', role: 'toolbar', 'aria-label': 'Workflow for the selected alerts' },
      el('input', { type: 'checkbox', id: 'select-all', 'aria-label': 'select all shown', onchange: e => selectAll(state, e.target.checked) }),
      state.count,
      el('button', { type: 'button', id: 'bulk-ack', onclick: () => workflow(state, 'acknowledged') }, 'Acknowledge'),
      el('button', { type: 'button', id: 'bulk-close', onclick: () => workflow(state, 'closed') }, 'Close'), state.reason,
      el('button', { type: 'button', id: 'bulk-reopen', onclick: () => workflow(state, 'open') }, 'Reopen'),
      tagInput, el('button', { type: 'button', id: 'bulk-tag-add', onclick: () => editList(state, 'tags', tagInput.value.trim(), true) }, 'Add tag'),
      assigneeInput, el('button', { type: 'button', id: 'bulk-assign', onclick: () => editList(state, 'assignees', assigneeInput.value.trim(), true) }, 'Assign'));
    state.tbody = el('tbody', { id: 'alert-rows' });
    const head = el('tr', {}, ['', '', 'Time', 'Rule', 'Severity', 'Risk', 'Host', 'User', 'Process', 'Reason', 'Status'].map(h => el('th', { scope: 'col' }, h)));
    const cols = el('colgroup', {}, ['check', 'fold', 'time', 'rule', 'sev', 'risk', 'host', 'user', 'proc', 'reason', 'status'].map(c => el('col', { class: `c-${c}` })));
    state.more = el('div', { class: 'more', id: 'more' });
    view.replaceChildren(form, el('div', { class: 'summary' }, state.severityCard, state.ruleCard, state.histCard), bulk,
      el('div', { class: 'table-wrap' }, el('table', { class: 'alerts', id: 'alerts' }, cols, el('thead', {}, head), state.tbody)), state.more);
    refreshList(state, true);
  }

  function setFilter(state, name, value, fallback) {
    if (value && value !== fallback) state.params.set(name, value); else state.params.delete(name);
    const query = state.params.toString();
    history.replaceState(null, '', `#/alerts${query ? '?' + query : ''}`);
    state.selected.clear();
    state.cursor = 0;
    state.signature = '';
    refreshList(state, true);
  }

  function pollInterval() {
    const p = Number(route().params.get('poll'));
    return p > 0 ? p * 1000 : 5000;
  }

  async function refreshList(state, first) {
    if (current !== state) return;
    clearTimeout(pollTimer);
    const query = filterQuery(state.params);
    try {
      // The list is drawn as soon as it arrives; the counts and histogram follow from their own request.
      const summaryRequest = api('GET', `${TRIAGE_SUMMARY}?${query}`);
      summaryRequest.catch(() => { /* reported below, where it is awaited */ });
      const result = await api('GET', `${TRIAGE_ALERTS}?${query}&size=${state.size}`);
      if (current !== state) return;
      const hits = result.hits;
      const total = result.total;
      const signature = JSON.stringify(hits.map(h => [h._id, field(h._source, 'kibana.alert.workflow_status'), text(field(h._source, 'kibana.alert.workflow_tags'))]));
      const changed = signature !== state.signature;
      if (changed) {
        state.signature = signature;
        state.rows = hits;
        state.total = total;
        drawRows(state);
        // Marks for the browser tests' timing (first rows on screen, histogram drawn); harmless elsewhere.
        if (first && !performance.getEntriesByName('vigil-rows').length) performance.mark('vigil-rows');
      }
      const summary = await summaryRequest;
      if (current !== state) return;
      if (changed || first) {
        drawCounts(state, { severity: { buckets: summary.severity }, rule: { buckets: summary.rule } }, total);
        drawHistogram(state, summary.histogram);
      }
      state.more.textContent = total > hits.length ? `${hits.length} of ${total} shown, newest first; narrow the filter to see older ones.` : `${total} alert${total === 1 ? '' : 's'}`;
      if (!first) say(`updated ${new Date().toLocaleTimeString()}`);
    } catch (e) {
      say(`could not load alerts: ${e.message}`, true);
    }
    if (current === state) pollTimer = setTimeout(() => refreshList(state, false), pollInterval());
  }

  function drawRows(state) {
    const rows = [];
    state.rows.forEach((hit, i) => {
      rows.push(alertRow(state, hit, i));
      if (state.open.has(hit._id) && state.blocks && state.blocks[hit._id]) {
        state.blocks[hit._id].forEach(b => rows.push(blockRow(b)));
      }
    });
    if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: 11, class: 'empty' }, 'No alerts match the filter.')));
    state.tbody.replaceChildren(...rows);
    state.cursor = Math.min(state.cursor, Math.max(0, state.rows.length - 1));
    markCursor(state);
    state.count.textContent = `${state.selected.size} selected`;
  }

  function isShell(src, id) { return field(src, 'kibana.alert.group.id') === id && field(src, BB) === undefined; }

  function alertRow(state, hit, index) {
    const s = hit._source;
    const id = hit._id;
    const check = el('input', { type: 'checkbox', class: 'select', 'aria-label': 'select alert', checked: state.selected.has(id) });
    check.addEventListener('click', e => e.stopPropagation());
    check.addEventListener('change', () => { toggle(state, id, check.checked); });
    const fold = isShell(s, id)
      ? el('button', { type: 'button', class: 'link fold', 'aria-expanded': state.open.has(id) ? 'true' : 'false', title: 'building blocks', onclick: e => { e.stopPropagation(); toggleBlocks(state, id); } }, state.open.has(id) ? '▾' : '▸')
      : '';
    const cells = [
      el('td', {}, check), el('td', {}, fold),
      el('td', { class: 'time' }, time(field(s, '@timestamp'))),
      el('td', { class: 'rule', title: text(field(s, 'kibana.alert.rule.name')) }, text(field(s, 'kibana.alert.rule.name'))),
      el('td', {}, sevCell(text(field(s, 'kibana.alert.severity')))),
      el('td', {}, text(field(s, 'kibana.alert.risk_score'))),
      el('td', { class: 'host', title: text(field(s, 'host.name')) }, text(field(s, 'host.name'))),
      el('td', { class: 'user', title: text(field(s, 'user.name')) }, text(field(s, 'user.name'))),
      el('td', { class: 'process' }, text(field(s, 'process.name'))),
      el('td', { class: 'reason', title: text(field(s, 'kibana.alert.reason')) }, text(field(s, 'kibana.alert.reason'))),
      el('td', { class: 'status' }, statusCell(text(field(s, 'kibana.alert.workflow_status')))),
    ];
    const tr = el('tr', { class: 'alert' + (state.selected.has(id) ? ' selected' : ''), 'data-id': id, 'data-index': index }, cells);
    tr.addEventListener('click', () => { location.hash = `#/alert/${encodeURIComponent(id)}`; });
    return tr;
  }

  function blockRow(hit) {
    const s = hit._source;
    return el('tr', { class: 'block', 'data-id': hit._id }, el('td', {}), el('td', {}, text(field(s, 'kibana.alert.group.index'))),
      el('td', {}, time(field(s, 'kibana.alert.original_time'))),
      el('td', { class: 'rule' }, text(field(s, 'event.category')) + ' ' + text(field(s, 'event.action'))),
      el('td', {}), el('td', {}), el('td', {}, text(field(s, 'host.name'))), el('td', {}, text(field(s, 'user.name'))),
      el('td', {}, text(field(s, 'process.name'))),
      el('td', {}, [text(field(s, 'process.command_line') || field(s, 'process.args')), text(field(s, 'destination.ip'))].filter(Boolean).join(' → ')),
      el('td', {}));
  }

  async function blocksOf(shellId) {
    const r = await api('POST', SEARCH, {
      query: { bool: { filter: [{ term: { 'kibana.alert.group.id': shellId } }, { exists: { field: BB } }] } },
      size: 100, sort: [{ 'kibana.alert.group.index': { order: 'asc' } }],
    });
    return r.hits.hits;
  }

  async function toggleBlocks(state, id) {
    if (state.open.has(id)) state.open.delete(id);
    else {
      state.blocks = state.blocks || {};
      try { state.blocks[id] = await blocksOf(id); } catch (e) { say(`building blocks: ${e.message}`, true); return; }
      state.open.add(id);
    }
    drawRows(state);
  }

  function drawCounts(state, aggs, total) {
    const list = (card, buckets, klass) => {
      const ul = card.querySelector('ul');
      const items = (buckets || []).map(b => el('li', {}, el('span', { class: klass ? `sev sev-${b.key}` : '' , title: String(b.key) }, String(b.key)), el('span', { class: 'n' }, String(b.doc_count))));
      if (items.length === 0) items.push(el('li', { class: 'empty' }, 'none'));
      ul.replaceChildren(...items);
    };
    const sev = ((aggs && aggs.severity && aggs.severity.buckets) || []).slice().sort((a, b) => (severityOrder[a.key] ?? 9) - (severityOrder[b.key] ?? 9));
    list(state.severityCard, sev, true);
    list(state.ruleCard, aggs && aggs.rule && aggs.rule.buckets, false);
    state.severityCard.querySelector('h2').textContent = `By severity (${total})`;
  }

  // The histogram: the summary's 40 equal buckets from the first matching alert's time to the last one's.
  function drawHistogram(state, histogram) {
    const box = state.histCard.querySelector('svg');
    const W = 400, H = 80, base = H - 14;
    const parts = [];
    const counts = (histogram && histogram.counts) || [];
    if (counts.length > 0) {
      const lo = histogram.start_ms, hi = histogram.end_ms, N = counts.length;
      const max = Math.max(...counts);
      counts.forEach((c, i) => {
        const h = c === 0 ? 0 : Math.max(1, c / max * (base - 4));
        const r = svg('rect', { x: i * (W / N) + 1, y: base - h, width: W / N - 2, height: h });
        const t = svg('title', {}); t.textContent = `${c} alert${c === 1 ? '' : 's'} from ${time(new Date(lo + (hi - lo) * i / N).toISOString())}`;
        r.append(t);
        parts.push(r);
      });
      const left = svg('text', { x: 0, y: H - 2 }); left.textContent = time(new Date(lo).toISOString());
      const right = svg('text', { x: W, y: H - 2, 'text-anchor': 'end' }); right.textContent = time(new Date(hi).toISOString());
      parts.push(left, right);
    } else {
      const none = svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }); none.textContent = 'no alerts';
      parts.push(none);
    }
    box.replaceChildren(...parts);
    if (!performance.getEntriesByName('vigil-histogram').length) performance.mark('vigil-histogram');
  }

  function toggle(state, id, on) {
    if (on) state.selected.add(id); else state.selected.delete(id);
    const tr = state.tbody.querySelector(`tr.alert[data-index="${state.rows.findIndex(h => h._id === id)}"]`);
    if (tr) { tr.classList.toggle('selected', on); tr.querySelector('input.select').checked = on; }
    state.count.textContent = `${state.selected.size} selected`;
  }
  function selectAll(state, on) { state.rows.forEach(h => toggle(state, h._id, on)); }
  function markCursor(state) {
    state.tbody.querySelectorAll('tr.current').forEach(r => r.classList.remove('current'));
    const tr = state.tbody.querySelector(`tr.alert[data-index="${state.cursor}"]`);
    if (tr) { tr.classList.add('current'); tr.scrollIntoView({ block: 'nearest' }); }
  }
  // The alerts a workflow action applies to: the selected ones, else the one under the cursor.
  function targets(state) {
    if (state.kind === 'detail') return [state.id];
    if (state.selected.size > 0) return [...state.selected];
    const hit = state.rows[state.cursor];
    return hit ? [hit._id] : [];
  }

  async function workflow(state, status) {
    const ids = targets(state);
    if (ids.length === 0) { say('select an alert first', true); return; }
    const body = { signal_ids: ids, status };
    if (status === 'closed') body.reason = state.reason.value;
    try {
      const r = await api('POST', '/api/detection_engine/signals/status', body);
      say(`${status === 'open' ? 'reopened' : status} ${r.updated ?? ids.length} alert${ids.length === 1 ? '' : 's'}`);
    } catch (e) { say(`could not set ${status}: ${e.message}`, true); return; }
    await reload(state);
  }

  async function editList(state, kind, value, adding) {
    const ids = targets(state);
    if (!value || ids.length === 0) { say(ids.length === 0 ? 'select an alert first' : `give a ${kind === 'tags' ? 'tag' : 'assignee'}`, true); return; }
    const body = kind === 'tags'
      ? { ids, tags: { tags_to_add: adding ? [value] : [], tags_to_remove: adding ? [] : [value] } }
      : { ids, assignees: { add: adding ? [value] : [], remove: adding ? [] : [value] } };
    try {
      await api('POST', `/api/detection_engine/signals/${kind}`, body);
      say(`${adding ? 'added' : 'removed'} ${kind === 'tags' ? 'tag' : 'assignee'} ${value}`);
    } catch (e) { say(`could not edit ${kind}: ${e.message}`, true); return; }
    await reload(state);
  }

  async function reload(state) {
    if (state.kind === 'detail') return showDetail(state.id);
    state.signature = '';
    state.selected.clear();
    return refreshList(state, true);
  }

  // ---- the alert detail -----------------------------------------------------------------------------------------
  async function showDetail(id) {
    const state = { kind: 'detail', id };
    current = state;
    let doc;
    try {
      doc = await api('GET', `/api/vigil/alerts/${encodeURIComponent(id)}`);
    } catch (e) {
      view.replaceChildren(el('p', { class: 'error' }, `alert ${id}: ${e.message}`), el('a', { href: '#/alerts' }, 'back to the alerts'));
      return;
    }
    if (current !== state) return;
    const s = doc._source;
    state.reason = el('select', { id: 'close-reason', 'aria-label': 'closing reason' }, REASONS.map(r => el('option', { value: r }, r.replace(/_/g, ' '))));
    const status = text(field(s, 'kibana.alert.workflow_status'));
    const who = [field(s, 'kibana.alert.workflow_user') ? `by ${text(field(s, 'kibana.alert.workflow_user'))}` : '',
      field(s, 'kibana.alert.workflow_status_updated_at') ? `at ${time(field(s, 'kibana.alert.workflow_status_updated_at'))}` : '',
      field(s, 'kibana.alert.workflow_reason') ? `(${text(field(s, 'kibana.alert.workflow_reason')).replace(/_/g, ' ')})` : ''].filter(Boolean).join(' ');
    const tagInput = el('input', { type: 'text', id: 'tag-input', placeholder: 'tag', 'aria-label': 'tag', size: 10 });
    const assigneeInput = el('input', { type: 'text', id: 'assignee-input', placeholder: 'assignee', 'aria-label': 'assignee', size: 10 });
    const chips = (values, kind) => el('span', { class: 'chips' }, (Array.isArray(values) ? values : []).map(v =>
      el('span', { class: 'chip' }, String(v), el('button', { type: 'button', 'aria-label': `remove ${v}`, onclick: () => editList(state, kind, String(v), false) }, '×'))));
    const header = el('header', {},
      el('p', {}, el('a', { href: '#/alerts', id: 'back' }, '← alerts')),
      el('h1', { id: 'alert-title' }, text(field(s, 'kibana.alert.rule.name'))),
      el('div', { class: 'meta' }, sevCell(text(field(s, 'kibana.alert.severity'))), ` risk ${text(field(s, 'kibana.alert.risk_score'))} · ${time(field(s, '@timestamp'))} · `,
        el('span', { id: 'detail-status' }, statusCell(status)), who ? ` ${who}` : ''),
      el('p', { id: 'alert-reason' }, text(field(s, 'kibana.alert.reason'))),
      el('div', { class: 'workflow', role: 'toolbar', 'aria-label': 'Workflow' },
        el('button', { type: 'button', id: 'ack', disabled: status === 'acknowledged', onclick: () => workflow(state, 'acknowledged') }, 'Acknowledge'),
        el('button', { type: 'button', id: 'close', disabled: status === 'closed', onclick: () => workflow(state, 'closed') }, 'Close'), state.reason,
        el('button', { type: 'button', id: 'reopen', disabled: status === 'open', onclick: () => workflow(state, 'open') }, 'Reopen')),
      el('div', { class: 'workflow' }, 'Tags: ', chips(field(s, 'kibana.alert.workflow_tags'), 'tags'), tagInput,
        el('button', { type: 'button', id: 'tag-add', onclick: () => editList(state, 'tags', tagInput.value.trim(), true) }, 'Add'),
        ' Assignees: ', chips(field(s, 'kibana.alert.workflow_assignee_ids'), 'assignees'), assigneeInput,
        el('button', { type: 'button', id: 'assign', onclick: () => editList(state, 'assignees', assigneeInput.value.trim(), true) }, 'Assign')));
    const sequence = el('section', { id: 'sequence', hidden: true }, el('h2', {}, 'Sequence'));
    const attack = attackSection(field(s, 'kibana.alert.rule.threat'));
    const guide = el('section', { id: 'guide' }, el('h2', {}, 'Investigation guide'));
    const fields = fieldsSection(s);
    view.replaceChildren(el('article', { class: 'detail', 'data-id': id }, header, sequence, attack, guide, fields));
    if (isShell(s, id)) fillSequence(sequence, id);
    fillGuide(guide, id);
  }

  function attackSection(threat) {
    const section = el('section', { id: 'attack' }, el('h2', {}, 'MITRE ATT&CK'));
    const list = el('ul', {});
    const link = (x) => {
      const ref = text(x && x.reference);
      const label = `${text(x && x.id)} ${text(x && x.name)}`.trim();
      return /^https:\/\//.test(ref) ? el('a', { href: ref, rel: 'noopener noreferrer', target: '_blank' }, label) : label;
    };
    for (const t of Array.isArray(threat) ? threat : []) {
      const techniques = el('ul', {});
      for (const te of Array.isArray(t.technique) ? t.technique : []) {
        const subs = (Array.isArray(te.subtechnique) ? te.subtechnique : []).map(st => el('li', {}, link(st)));
        techniques.append(el('li', {}, link(te), subs.length ? el('ul', {}, subs) : null));
      }
      list.append(el('li', {}, 'Tactic: ', link(t.tactic), techniques.childElementCount ? techniques : null));
    }
    if (list.childElementCount === 0) list.append(el('li', {}, 'the rule names no tactic'));
    section.append(list);
    return section;
  }

  function fieldsSection(src) {
    const rows = flatten(src, '', []).sort((a, b) => a[0].localeCompare(b[0]));
    const tbody = el('tbody', {}, rows.map(([k, v]) => el('tr', { 'data-field': k }, el('td', {}, k), el('td', {}, text(v)))));
    const search = el('input', { type: 'search', id: 'field-search', placeholder: 'filter field names', 'aria-label': 'filter field names', autocomplete: 'off' });
    search.addEventListener('input', () => {
      const q = search.value.trim().toLowerCase();
      for (const tr of tbody.rows) tr.hidden = q !== '' && !tr.dataset.field.toLowerCase().includes(q);
    });
    return el('section', { id: 'fields' }, el('h2', {}, `All fields (${rows.length})`), search, el('table', { class: 'fields' }, tbody));
  }

  async function fillSequence(section, id) {
    let blocks;
    try { blocks = await blocksOf(id); } catch (e) { section.append(el('p', { class: 'error' }, e.message)); section.hidden = false; return; }
    if (blocks.length === 0) return;
    const head = el('tr', {}, ['#', 'Time', 'Event', 'Process', 'Command line', 'Destination'].map(h => el('th', { scope: 'col' }, h)));
    const rows = blocks.map(b => {
      const s = b._source;
      return el('tr', { class: 'stage', 'data-id': b._id },
        el('td', {}, text(field(s, 'kibana.alert.group.index'))),
        el('td', {}, time(field(s, 'kibana.alert.original_time'))),
        el('td', {}, `${text(field(s, 'event.category'))} / ${text(field(s, 'event.type'))} / ${text(field(s, 'event.action'))}`),
        el('td', {}, `${text(field(s, 'process.name'))} (${text(field(s, 'process.pid'))}) ← ${text(field(s, 'process.parent.name'))}`),
        el('td', {}, text(field(s, 'process.command_line') || field(s, 'process.args'))),
        el('td', {}, [field(s, 'destination.ip'), field(s, 'destination.port')].filter(x => x !== undefined).map(text).join(':')));
    });
    section.append(el('table', { class: 'stages' }, el('thead', {}, head), el('tbody', {}, rows)));
    section.hidden = false;
  }

  // The guide: shown as the server renders it, in an iframe whose sandbox forbids scripts (allow-same-origin only so
  // this page can size it); its Osquery queries read through DOMParser, which runs nothing, and listed with copy buttons.
  async function fillGuide(section, id) {
    const url = `/api/vigil/alerts/${encodeURIComponent(id)}/guide?format=html`;
    let html;
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      if (!response.ok) {
        let message = `${response.status}`;
        try { message = (await response.json()).message || message; } catch { /* not JSON */ }
        section.append(el('p', { class: 'empty' }, message));
        return;
      }
      html = await response.text();
    } catch (e) { section.append(el('p', { class: 'error' }, e.message)); return; }
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    const queries = [...parsed.querySelectorAll('.osquery')].map(q => ({
      label: (q.querySelector('.label') || {}).textContent || 'Osquery',
      code: (q.querySelector('code') || {}).textContent || '',
      state: q.classList.contains('skipped') ? 'skipped' : q.classList.contains('template') ? 'template' : 'filled',
      note: (q.querySelector('.status') || {}).textContent || '',
    }));
    if (queries.length) {
      section.append(el('h3', {}, 'Osquery queries'), el('ol', { class: 'queries', id: 'queries' }, queries.map(q => el('li', { 'data-state': q.state },
        el('strong', {}, q.label), q.note ? ` — ${q.note}` : '', ' ',
        el('button', { type: 'button', class: 'copy', onclick: e => copy(q.code, e.target) }, 'Copy'),
        el('pre', {}, el('code', {}, q.code))))));
    }
    const frame = el('iframe', { class: 'guide', id: 'guide-frame', title: 'investigation guide', sandbox: 'allow-same-origin', referrerpolicy: 'no-referrer', src: url });
    frame.addEventListener('load', () => {
      try { frame.style.height = `${Math.min(4000, frame.contentDocument.documentElement.scrollHeight + 24)}px`; } catch { /* keep the default */ }
    });
    section.append(frame);
  }

  async function copy(code, button) {
    try {
      await navigator.clipboard.writeText(code);
      button.textContent = 'Copied';
    } catch {
      // No clipboard permission (plain http on another host): select the text so Ctrl+C copies it.
      const pre = button.parentElement.querySelector('pre');
      const range = document.createRange();
      range.selectNodeContents(pre);
      const sel = getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      button.textContent = 'Selected — press Ctrl+C';
    }
    setTimeout(() => { button.textContent = 'Copy'; }, 2000);
  }

  // ---- the rules page -------------------------------------------------------------------------------------------
  async function showRules() {
    const state = { kind: 'rules' };
    current = state;
    const tbody = el('tbody', { id: 'rule-rows' });
    const head = el('tr', {}, ['Rule', 'Severity', 'Every', 'Last status', 'Last run', 'Duration', 'Alerts (24 h)', 'Gaps', 'Run over the last'].map(h => el('th', { scope: 'col' }, h)));
    view.replaceChildren(el('h1', {}, 'Rules'), el('div', { class: 'table-wrap' }, el('table', { class: 'rules', id: 'rules' }, el('thead', {}, head), tbody)));
    let rules = [];
    try {
      for (let page = 1; page <= 100; page++) {
        const r = await api('GET', `/api/detection_engine/rules/_find?page=${page}&per_page=100&sort_field=name`);
        rules = rules.concat(r.data);
        if (rules.length >= r.total || r.data.length === 0) break;
      }
    } catch (e) { say(`could not load rules: ${e.message}`, true); return; }
    let perRule = {};
    try {
      const r = await api('POST', SEARCH, {
        size: 0, query: { bool: { filter: [{ range: { '@timestamp': { gte: 'now-24h' } } }, { bool: { must_not: [{ exists: { field: BB } }] } }] } },
        aggs: { rule: { terms: { field: 'kibana.alert.rule.uuid', size: 10000 } } },
      });
      for (const b of r.aggregations.rule.buckets) perRule[b.key] = b.doc_count;
    } catch { perRule = {}; }
    if (current !== state) return;
    tbody.replaceChildren(...rules.map(rule => ruleRow(rule, perRule[rule.id] || 0)));
    if (rules.length === 0) tbody.append(el('tr', {}, el('td', { colspan: 9, class: 'empty' }, 'No rules loaded (give --rules).')));
  }

  function ruleRow(rule, alerts24h) {
    const last = rule.execution_summary && rule.execution_summary.last_execution;
    const vigil = rule.vigil || {};
    const status = last ? text(last.status) : 'not run yet';
    const gap = last && last.metrics && last.metrics.execution_gap_duration_s;
    const hours = el('input', { type: 'number', class: 'hours', min: 1, max: 2160, value: 24, 'aria-label': `hours for ${text(rule.name)}` });
    const result = el('span', { class: 'run-result' });
    const run = el('button', { type: 'button', class: 'run', onclick: () => manualRun(rule, Number(hours.value), run, result) }, 'Run');
    return el('tr', { 'data-rule': text(rule.id) },
      el('td', {}, text(rule.name)),
      el('td', {}, sevCell(text(rule.severity))),
      el('td', {}, text(rule.interval)),
      el('td', {}, el('span', { class: `rs-${status}` }, status), last && last.message ? el('div', { class: 'message' }, text(last.message)) : null),
      el('td', {}, last ? time(last.date) : ''),
      el('td', {}, vigil.last_execution_duration_ms !== undefined && vigil.last_execution_duration_ms !== null ? `${vigil.last_execution_duration_ms} ms` : ''),
      el('td', { class: 'alerts-24h' }, String(alerts24h)),
      el('td', {}, gap ? `${gap} s` : 'none'),
      el('td', {}, hours, ' h ', run, ' ', result));
  }

  async function manualRun(rule, hours, button, result) {
    if (!(hours > 0)) { result.textContent = 'give hours'; return; }
    button.disabled = true;
    result.textContent = 'running…';
    try {
      const clock = await api('GET', '/_vigil/clock'); // the service's now (a manual clock in tests)
      const end = Date.parse(clock.now);
      const r = await api('POST', '/api/detection_engine/rules/_bulk_action', {
        action: 'run', ids: [rule.id], run: { start_date: new Date(end - hours * 3600000).toISOString(), end_date: new Date(end).toISOString() },
      });
      const ran = (r.vigil_runs || [])[0];
      result.textContent = ran ? `${ran.status}: ${ran.alerts_created} new alert${ran.alerts_created === 1 ? '' : 's'}` : 'done';
    } catch (e) {
      result.textContent = `failed: ${e.message}`;
    }
    button.disabled = false;
  }

  // ---- keyboard -------------------------------------------------------------------------------------------------
  document.addEventListener('keydown', e => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;
    if (e.key === 'Escape') {
      if (typing) { e.target.blur(); return; }
      document.getElementById('help').hidden = true;
      if (current && current.kind !== 'list') location.hash = '#/alerts';
      return;
    }
    if (typing) return;
    if (pendingG) {
      pendingG = false;
      if (e.key === 'r') { location.hash = '#/rules'; return; }
      if (e.key === 'a') { location.hash = '#/alerts'; return; }
    }
    const state = current;
    switch (e.key) {
      case 'g': pendingG = true; return;
      case '?': document.getElementById('help').hidden = !document.getElementById('help').hidden; return;
      case '/': {
        const box = document.getElementById(state && state.kind === 'detail' ? 'field-search' : 'f-q');
        if (box) { e.preventDefault(); box.focus(); }
        return;
      }
    }
    if (!state) return;
    if (state.kind === 'list') {
      switch (e.key) {
        case 'j': case 'ArrowDown': state.cursor = Math.min(state.rows.length - 1, state.cursor + 1); markCursor(state); e.preventDefault(); return;
        case 'k': case 'ArrowUp': state.cursor = Math.max(0, state.cursor - 1); markCursor(state); e.preventDefault(); return;
        case 'x': { const hit = state.rows[state.cursor]; if (hit) toggle(state, hit._id, !state.selected.has(hit._id)); return; }
        case 'Enter': case 'o': { const hit = state.rows[state.cursor]; if (hit) location.hash = `#/alert/${encodeURIComponent(hit._id)}`; return; }
      }
    }
    if (state.kind === 'list' || state.kind === 'detail') {
      if (e.key === 'a') workflow(state, 'acknowledged');
      else if (e.key === 'c') workflow(state, 'closed');
      else if (e.key === 'u') workflow(state, 'open');
    }
  });
  document.getElementById('help-button').addEventListener('click', () => { const h = document.getElementById('help'); h.hidden = !h.hidden; });
  window.addEventListener('hashchange', show);
  show();
})();
