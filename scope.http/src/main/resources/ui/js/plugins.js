// Plugins page: lists installed plugins and the ones that failed to register.
// Row actions come from PLUGIN_ACTIONS so install/remove/update can be added later
// without touching the table code.

import { h, fill } from './dom.js';
import { api } from './api.js';

/**
 * Per-row actions: {id, label, enabled(plugin) -> bool, run(plugin) -> Promise}.
 * Empty for now; e.g. {id:'remove', label:'Remove', enabled: p => !p.bundled,
 * run: p => request('DELETE', `/api/v1/plugins/${p.name}`)}.
 */
export const PLUGIN_ACTIONS = [];

let root = null;

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
  return h('div', { class: 'row gap' },
    h('h2', {}, 'Plugins', total != null ? h('span', { class: 'muted small' }, ` (${total})`) : null),
    h('button', { type: 'button', dataset: { testid: 'plugins-refresh' }, onclick: showPlugins }, 'Refresh'));
}

function row(p) {
  const actions = PLUGIN_ACTIONS.map((a) => h('button', { type: 'button', class: 'small-btn', disabled: !a.enabled(p),
    dataset: { action: a.id }, onclick: async (ev) => {
      ev.target.disabled = true;
      try { await a.run(p); } finally { showPlugins(); }
    } }, a.label));
  return h('tr', { dataset: { plugin: p.name } },
    h('td', {}, h('b', {}, p.name)),
    h('td', {}, p.version || ''),
    h('td', {}, p.source || '', p.bundled ? h('span', { class: 'badge' }, 'bundled') : null),
    h('td', {}, (p.pipelines || []).map((x) => h('span', { class: 'chip', title: x.pipeline_id }, x.pipeline_name || x.pipeline_id))),
    h('td', { class: 'small' }, p.description || ''),
    h('td', {}, p.state || (p.update_available ? `update ${p.latest_version || ''}` : '')),
    h('td', {}, actions));
}
