// Pipeline, preprocessor, postprocessor and mode selectors, plus the models
// (artifacts) check with download progress for pipelines that require models.

import { h, fill, uid, toast } from './dom.js';
import { api } from './api.js';
import { state, emit, on, mainEntry, isBusy, chain } from './state.js';
import { defaultValues, modeOverrides, parseFields, clone } from './schema.js';

let els = null;

export function initPipelines(root) {
  els = root;
  on('phase', renderSelectors);
  on('pipeline', () => { renderSelectors(); checkModels(); });
  on('chain', () => { renderSelectors(); checkModels(); });
  on('mode', renderSelectors);
}

const byUsage = (usage) => Object.values(state.schemas)
  .filter((e) => (usage ? (e.usage || []).includes(usage) : !(e.usage || []).length))
  .sort((a, b) => (a.name || a.id).localeCompare(b.name || b.id));

/** Selects a main pipeline and resets its values to schema + mode defaults. */
export function selectPipeline(id, { mode } = {}) {
  const entry = state.schemas[id];
  if (!entry) return false;
  state.mainId = id;
  const modes = entry.supported_modes?.length ? entry.supported_modes : [entry.default_mode || 'text'];
  state.mode = mode && modes.includes(mode) ? mode : (entry.default_mode && modes.includes(entry.default_mode) ? entry.default_mode : modes[0]);
  state.values = defaultValues(entry, state.mode);
  state.extras = { vace_enabled: false, loras: [] };
  state.interpolation = entry.default_spatial_interpolation_method || 'linear';
  state.transition = {
    steps: entry.default_temporal_interpolation_steps ?? 0,
    method: entry.default_temporal_interpolation_method || 'slerp',
  };
  emit('pipeline');
  return true;
}

/** Switches input mode: fields that any mode overrides go back to base defaults, then this mode's apply. */
export function selectMode(mode) {
  const entry = mainEntry();
  state.mode = mode;
  if (entry) {
    const base = Object.fromEntries(parseFields(entry.config_schema).map((f) => [f.name, f.default]));
    for (const md of Object.values(entry.mode_defaults || {})) {
      for (const k of Object.keys(md)) if (k in base) state.values[k] = clone(base[k]);
    }
    Object.assign(state.values, modeOverrides(entry, mode));
  }
  emit('mode');
}

function renderSelectors() {
  if (!els) return;
  const busy = isBusy();
  const entry = mainEntry();

  // Main pipeline: available ones, then filtered ones disabled with their reason.
  const sel = h('select', { id: 'pipeline-select', dataset: { testid: 'pipeline-select' }, disabled: busy,
    onchange: () => selectPipeline(sel.value) },
  !state.mainId ? h('option', { value: '' }, 'Select a pipeline…') : null,
  byUsage(null).map((e) => h('option', { value: e.id, selected: e.id === state.mainId }, e.name || e.id)),
  Object.keys(state.filtered).length
    ? h('optgroup', { label: 'Unavailable' }, Object.entries(state.filtered).map(([id, reason]) =>
      h('option', { value: id, disabled: true, title: String(reason), dataset: { filtered: id } }, `${state.schemas[id]?.name || id} — ${reason}`)))
    : null);

  fill(els.pipeline,
    h('label', { for: 'pipeline-select' }, 'Pipeline'), sel,
    entry ? h('p', { class: 'muted small desc' }, entry.description || '',
      entry.docs_url ? [' ', h('a', { href: entry.docs_url, target: '_blank', rel: 'noopener' }, 'docs')] : null,
      entry.estimated_vram_gb ? ` · ~${entry.estimated_vram_gb} GB VRAM` : null,
      entry.plugin_name ? ` · plugin ${entry.plugin_name}` : null) : null,
    Object.keys(state.filtered).length
      ? h('details', { class: 'small filtered', dataset: { testid: 'filtered-pipelines' } },
        h('summary', {}, `${Object.keys(state.filtered).length} unavailable`),
        h('ul', {}, Object.entries(state.filtered).map(([id, reason]) => h('li', {}, h('b', {}, id), `: ${reason}`))))
      : null);

  fill(els.pre, chainEditor('pre', 'preprocessor', 'Preprocessors', busy));
  fill(els.post, chainEditor('post', 'postprocessor', 'Postprocessors', busy));

  // Mode selector from supported_modes.
  const modes = entry?.supported_modes?.length ? entry.supported_modes : [state.mode];
  const modeSel = h('select', { id: 'mode-select', dataset: { testid: 'mode-select' }, disabled: busy || !entry,
    onchange: () => selectMode(modeSel.value) },
  modes.map((m) => h('option', { value: m, selected: m === state.mode }, m === 'text' ? 'Text (no input)' : m === 'video' ? 'Video input' : m)));
  fill(els.mode, h('label', { for: 'mode-select' }, 'Input mode'), modeSel);
}

function chainEditor(key, usage, title, busy) {
  const options = byUsage(usage);
  const list = state[key];
  const wrap = h('div', { class: 'chain', dataset: { testid: `${usage}-list` } });
  const heading = h('span', { class: 'chain-title' }, title);
  if (!options.length) return [heading, h('p', { class: 'muted small' }, 'None installed.')];
  list.forEach((id, i) => {
    const sid = uid(usage);
    const sel = h('select', { id: sid, disabled: busy, dataset: { testid: `${usage}-select` }, 'aria-label': `${title} ${i + 1}`,
      onchange: () => { list[i] = sel.value; emit('chain'); } },
    options.map((e) => h('option', { value: e.id, selected: e.id === id, disabled: e.id !== id && list.includes(e.id) }, e.name || e.id)));
    wrap.append(h('div', { class: 'chain-row' }, sel,
      h('button', { type: 'button', class: 'icon', disabled: busy, 'aria-label': `Remove ${usage} ${i + 1}`,
        onclick: () => { list.splice(i, 1); emit('chain'); } }, '×')));
  });
  const free = options.filter((e) => !list.includes(e.id));
  wrap.append(h('button', { type: 'button', class: 'small-btn', disabled: busy || !free.length, dataset: { testid: `add-${usage}` },
    onclick: () => { list.push(free[0].id); emit('chain'); } }, `+ ${usage}`));
  return [heading, wrap];
}

// ---- models -----------------------------------------------------------------------

const modelState = new Map(); // pipeline_id -> {downloaded, progress, unsupported}
let pollTimer = null;

/** True when every pipeline in the chain that requires models has them (or the server cannot tell). */
export function modelsReady() {
  return chain().every((id) => {
    if (!state.schemas[id]?.requires_models) return true;
    const m = modelState.get(id);
    return !m || m.unsupported || m.downloaded;
  });
}

async function checkModels() {
  const ids = chain().filter((id) => state.schemas[id]?.requires_models);
  await Promise.all(ids.map(async (id) => {
    try {
      const s = await api.modelStatus(id);
      modelState.set(id, { downloaded: !!s?.downloaded, progress: s?.progress || null });
    } catch (e) {
      // 404: the server has no models endpoint; don't block Start on it.
      modelState.set(id, e.status === 404 ? { unsupported: true } : { error: e.message });
    }
  }));
  renderModels(ids);
  const downloading = ids.some((id) => modelState.get(id)?.progress?.is_downloading);
  clearTimeout(pollTimer);
  // a conversion can be short: poll often enough that its phase shows
  if (downloading) pollTimer = setTimeout(checkModels, 300);
}

function renderModels(ids) {
  const box = els?.models;
  if (!box) return;
  const rows = ids.map((id) => {
    const m = modelState.get(id) || {};
    if (m.unsupported) return null;
    const p = m.progress;
    let body;
    if (m.error) body = h('span', { class: 'err' }, m.error);
    else if (m.downloaded) body = h('span', { class: 'ok' }, 'models ready');
    else if (p?.is_downloading) {
      // one bar for the whole job: the files, then (for pipelines that convert them) the conversion
      const phase = p.phase || 'downloading';
      body = [h('progress', { max: 100, value: p.percentage || 0, dataset: { testid: 'model-progress', phase }, 'aria-label': `${phase} models for ${id}` }),
        h('span', { class: 'small', dataset: { testid: 'model-phase' } }, `${phase} ${(p.percentage || 0).toFixed(1)}% ${p.current_artifact || ''}`)];
    } else {
      body = [p?.error ? h('span', { class: 'err small' }, p.error) : h('span', { class: 'warn-text' }, 'models missing'),
        h('button', { type: 'button', dataset: { testid: 'download-models' }, disabled: isBusy(),
          onclick: async (ev) => {
            ev.target.disabled = true;
            try {
              await api.downloadModels(id);
              toast(`Downloading models for ${id}`);
            } catch (e) {
              if (e.status !== 409) toast(`Download failed: ${e.message}`, 'error');
            }
            checkModels();
          } }, 'Download')];
    }
    return h('div', { class: 'model-row', dataset: { pipeline: id } }, h('b', {}, id), ' ', body);
  }).filter(Boolean);
  fill(box, rows);
  box.hidden = !rows.length;
  emit('models');
}
