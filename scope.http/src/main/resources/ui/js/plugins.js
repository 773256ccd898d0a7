// Plugins page: lists installed plugins and the ones that failed to register.
// Row actions come from PLUGIN_ACTIONS so install/remove/update can be added later
// without touching the table code.

import { h, fill } from './dom.js';
import { api, request, ApiError, detailText } from './api.js';

/**
 * Per-row actions: {id, label, enabled(plugin) -> bool, run(plugin) -> Promise}. Only plugins from the plugins
 * folder (source folder or upload) can be updated or removed; platform bundles are read-only.
 */
export const PLUGIN_ACTIONS = [
  { id: 'reload', label: 'Update', enabled: (p) => p.removable,
    run: (p) => request('POST', `/api/v1/plugins/${encodeURIComponent(p.name)}/reload`, {}) },
  { id: 'remove', label: 'Remove', enabled: (p) => p.removable,
    run: (p) => (confirm(`Remove plugin ${p.name}? Streams using its pipelines stop.`)
      ? request('DELETE', `/api/v1/plugins/${encodeURIComponent(p.name)}`) : Promise.resolve()) },
];

let root = null;
let notice = null; // {ok, text} shown above the table after an action

/** Uploads a bundle jar as the raw request body; the server validates it and installs it without a restart. */
async function installFile(file) {
  const res = await fetch('/api/v1/plugins', { method: 'POST', body: file, cache: 'no-store',
    headers: { 'Content-Type': 'application/java-archive' } });
  let json = null;
  try { json = await res.json(); } catch { json = null; }
  if (!res.ok) throw new ApiError(res.status, detailText(json, `${res.status} error`), json);
  return json;
}

export function initPlugins(el) {
  root = el;
}

export async function showPlugins() {
  if (!root) return;
  fill(root, h('p', { class: 'muted' }, 'Loading plugins…'));
  let data;
  try {
    data = await api.plugins();
  } catch (e) {
    fill(root, header(), h('p', { class: 'err', role: 'alert', dataset: { testid: 'plugins-error' } }, `Could not list plugins: ${e.message}`));
    return;
  }
  const plugins = data?.plugins || [];
  const failed = data?.failed_plugins || [];
  fill(root,
    header(data?.total ?? plugins.length),
    notice ? h('p', { class: notice.ok ? 'muted' : 'err', role: 'status', dataset: { testid: 'plugins-notice' } }, notice.text) : null,
    h('table', { class: 'grid', id: 'plugins-table', dataset: { testid: 'plugins-table' } },
      h('caption', { class: 'sr-only' }, 'Installed plugins'),
      h('thead', {}, h('tr', {}, ['Name', 'Version', 'Source', 'Pipelines', 'Description', 'State', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, plugins.length
        ? plugins.map(row)
        : h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No plugins installed.')))),
    failed.length ? [
      h('h3', {}, 'Failed to load'),
      h('table', { class: 'grid', dataset: { testid: 'failed-plugins-table' } },
        h('thead', {}, h('tr', {}, ['Package', 'Error', 'Message'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, failed.map((f) => h('tr', {},
          h('td', {}, f.package_name || f.entry_point_name || '?'),
          h('td', {}, f.error_type || ''),
          h('td', { class: 'err' }, f.error_message || '')))))] : null);
}

function header(total) {
  const picker = h('input', { type: 'file', accept: '.jar,application/java-archive', class: 'sr-only',
    id: 'plugin-file', dataset: { testid: 'plugin-file' }, onchange: async (ev) => {
      const file = ev.target.files?.[0];
      if (!file) return;
      try {
        const r = await installFile(file);
        notice = { ok: true, text: r?.message || `Installed ${file.name}` };
      } catch (e) {
        notice = { ok: false, text: `Install failed: ${e.message}` };
      }
      showPlugins();
    } });
  return h('div', { class: 'row gap' },
    h('h2', {}, 'Plugins', total != null ? h('span', { class: 'muted small' }, ` (${total})`) : null),
    h('button', { type: 'button', dataset: { testid: 'plugins-refresh' }, onclick: showPlugins }, 'Refresh'),
    h('label', { for: 'plugin-file', class: 'button', dataset: { testid: 'plugin-install' } }, 'Install plugin (.jar)…'),
    picker);
}

function row(p) {
  const actions = PLUGIN_ACTIONS.map((a) => h('button', { type: 'button', class: 'small-btn', disabled: !a.enabled(p),
    dataset: { action: a.id }, onclick: async (ev) => {
      ev.target.disabled = true;
      try {
        const r = await a.run(p);
        if (r?.message) notice = { ok: true, text: r.message };
      } catch (e) {
        notice = { ok: false, text: `${a.label} ${p.name} failed: ${e.message}` };
      } finally { showPlugins(); }
    } }, a.label));
  return h('tr', { dataset: { plugin: p.name } },
    h('td', {}, h('b', {}, p.name)),
    h('td', {}, p.version || ''),
    h('td', {}, p.install_source || p.source || '', p.bundled ? h('span', { class: 'badge' }, 'bundled') : null),
    h('td', {}, (p.pipelines || []).map((x) => h('span', { class: 'chip', title: x.pipeline_id }, x.pipeline_name || x.pipeline_id))),
    h('td', { class: 'small' }, p.description || ''),
    h('td', {}, p.state || (p.update_available ? `update ${p.latest_version || ''}` : '')),
    h('td', {}, actions));
}
