// Renders the selected pipeline's schema-driven settings into the "configuration" and
// "input" panels. Load-time fields are disabled while streaming; runtime fields are
// sent live (via the 'runtime-update' event) as {field: value}.

import { h, fill, uid, debounce } from './dom.js';
import { api } from './api.js';
import { state, emit, on, mainEntry, isBusy, isLive } from './state.js';
import { parseFields, layoutItems, sliderStep, runtimeKey, visibleIn, resolveProp } from './schema.js';

const controls = new Map(); // field name -> { set(value) } for external updates
let panels = null;

export function initSettings(configPanel, inputPanel) {
  panels = { configuration: configPanel, input: inputPanel };
  on('pipeline', render);
  on('mode', render);
  on('phase', render);
  on('values', render);
}

/** Applies values pushed by the server (parameters_updated) without re-rendering. */
export function applyExternalValues(values) {
  for (const [k, v] of Object.entries(values)) {
    state.values[k] = v;
    controls.get(k)?.set(v);
  }
}

function setValue(field, value) {
  state.values[field.name] = value;
  if (!field.isLoad && isLive()) emit('runtime-update', { [runtimeKey(field.name)]: value });
}

function render() {
  if (!panels) return;
  controls.clear();
  const entry = mainEntry();
  const fields = parseFields(entry?.config_schema);
  for (const category of ['configuration', 'input']) {
    const items = layoutItems(fields, { category, mode: state.mode });
    const panel = panels[category];
    fill(panel, items.map((it) => (it.kind === 'field' ? renderField(it.field) : renderComponent(it, entry))));
    if (category === 'configuration' && !items.length) {
      panel.append(h('p', { class: 'muted small' }, entry ? 'This pipeline has no settings.' : 'Select a pipeline.'));
    }
    panel.closest('section')?.toggleAttribute('hidden', category === 'input' && !items.length);
  }
}

const lockedNow = (field) => field.isLoad && isBusy();

function fieldRow(field, control, id) {
  const row = h('div', { class: `field w-${field.widget}`, dataset: { field: field.name }, title: field.description || null },
    h('label', { for: id }, field.label, field.isLoad ? h('span', { class: 'badge', title: 'Load-time: changing it needs a restart' }, 'load') : null),
    control);
  return row;
}

/** One primitive widget, chosen by the inferred type. */
export function renderField(field, opts = {}) {
  const id = uid(field.name);
  const r = field.resolved;
  const disabled = lockedNow(field);
  const value = state.values[field.name];
  let control;
  let set;

  switch (opts.widget || field.widget) {
    case 'toggle': {
      const cb = h('input', { type: 'checkbox', id, role: 'switch', class: 'switch', checked: !!value, disabled,
        onchange: () => setValue(field, cb.checked) });
      set = (v) => { cb.checked = !!v; };
      control = cb;
      break;
    }
    case 'enum': {
      const options = opts.options || r.enum || [];
      const sel = h('select', { id, disabled, onchange: () => setValue(field, sel.value === '' ? null : coerce(r, sel.value)) },
        r.nullable || value == null ? h('option', { value: '' }, 'none') : null,
        options.map((o) => h('option', { value: String(o) }, String(o))));
      set = (v) => { sel.value = v == null ? '' : String(v); };
      set(value);
      control = sel;
      break;
    }
    case 'slider': {
      const step = sliderStep(r);
      const range = h('input', { type: 'range', min: r.minimum, max: r.maximum, step, disabled,
        'aria-label': field.label, tabindex: '-1' });
      const num = h('input', { type: 'number', id, min: r.minimum, max: r.maximum, step, disabled, class: 'num' });
      set = (v) => { num.value = v == null ? '' : v; range.value = v == null ? (r.default ?? r.minimum) : v; };
      set(value);
      const sendLive = debounce((v) => setValue(field, v), 60);
      range.addEventListener('input', () => { num.value = range.value; sendLive(Number(range.value)); });
      num.addEventListener('change', () => {
        if (num.value === '') { setValue(field, r.nullable ? null : r.default); set(state.values[field.name]); return; }
        const v = clamp(Number(num.value), r.minimum, r.maximum);
        set(v);
        setValue(field, v);
      });
      control = h('div', { class: 'slider' }, range, num);
      break;
    }
    case 'number': {
      const num = h('input', { type: 'number', id, disabled, class: 'num', min: r.minimum ?? r.exclusiveMinimum ?? null,
        max: r.maximum ?? null, step: r.type === 'integer' ? 1 : 'any' });
      set = (v) => { num.value = v == null ? '' : v; };
      set(value);
      num.addEventListener('change', () => {
        if (num.value === '') { setValue(field, r.nullable ? null : r.default); set(state.values[field.name]); return; }
        let v = Number(num.value);
        if (r.type === 'integer') v = Math.round(v);
        v = clamp(v, r.minimum, r.maximum);
        set(v);
        setValue(field, v);
      });
      control = num;
      break;
    }
    case 'list': {
      const list = listEditor(field, id, disabled);
      set = list.set;
      control = list.el;
      break;
    }
    case 'text': {
      const inp = h('input', { type: 'text', id, disabled, value: value ?? '',
        onchange: () => setValue(field, inp.value === '' && r.nullable ? null : inp.value) });
      set = (v) => { inp.value = v ?? ''; };
      control = inp;
      break;
    }
    default: {
      const ta = h('textarea', { id, rows: 2, disabled, spellcheck: 'false' });
      set = (v) => { ta.value = v == null ? '' : JSON.stringify(v); };
      set(value);
      ta.addEventListener('change', () => {
        try {
          setValue(field, ta.value.trim() === '' ? null : JSON.parse(ta.value));
          ta.removeAttribute('aria-invalid');
        } catch { ta.setAttribute('aria-invalid', 'true'); }
      });
      control = ta;
    }
  }
  controls.set(field.name, { set });
  return fieldRow(field, control, id);
}

function coerce(r, s) {
  if (r.type === 'integer' || r.type === 'number') return Number(s);
  if (r.type === 'boolean') return s === 'true';
  return s;
}

function clamp(v, min, max) {
  if (Number.isNaN(v)) return min ?? 0;
  if (min != null && v < min) v = min;
  if (max != null && v > max) v = max;
  return v;
}

/** Editable list of integers (denoising steps): one input per entry, add/remove buttons. */
function listEditor(field, id, disabled) {
  const r = field.resolved;
  const lo = r.items?.minimum ?? field.ui.modulatable_min ?? 0;
  const hi = r.items?.maximum ?? field.ui.modulatable_max ?? 1000;
  const el = h('div', { class: 'list', id, role: 'group', 'aria-label': field.label });
  const current = () => (Array.isArray(state.values[field.name]) ? [...state.values[field.name]] : []);
  const commit = (arr) => { setValue(field, arr); draw(arr); };
  const draw = (arr) => {
    fill(el,
      arr.map((v, i) => h('span', { class: 'list-item' },
        h('input', { type: 'number', class: 'num', min: lo, max: hi, step: 1, value: v, disabled,
          'aria-label': `${field.label} ${i + 1}`,
          onchange: (e) => { const a = current(); a[i] = clamp(Math.round(Number(e.target.value)), lo, hi); commit(a); } }),
        h('button', { type: 'button', class: 'icon', disabled: disabled || arr.length <= 1, 'aria-label': `Remove step ${i + 1}`,
          onclick: () => { const a = current(); a.splice(i, 1); commit(a); } }, '×'))),
      h('button', { type: 'button', class: 'icon', disabled, 'aria-label': `Add ${field.label} entry`,
        onclick: () => { const a = current(); a.push(Math.max(lo, Math.round((a.at(-1) ?? hi) / 2))); commit(a); } }, '+'));
    const descending = arr.every((v, i) => i === 0 || v < arr[i - 1]);
    el.classList.toggle('warn', !descending);
    el.title = descending ? '' : 'Steps should be strictly descending';
  };
  draw(current());
  return { el, set: (v) => draw(Array.isArray(v) ? v : []) };
}

// ---- complex components -------------------------------------------------------------

function group(item, legend, ...children) {
  return h('fieldset', { class: 'component', dataset: { component: item.component } },
    h('legend', {}, legend), ...children);
}

const fieldsOf = (item) => item.fields.map((f) => renderField(f));

function renderComponent(item, entry) {
  const render = COMPONENTS[item.component];
  return render ? render(item, entry) : group(item, titleOf(item), fieldsOf(item));
}

const titleOf = (item) => item.component.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

const COMPONENTS = {
  resolution(item, entry) {
    // Height and width side by side, snapped to the pipeline's dimension multiple.
    const snap = Math.max(1, entry?.min_dimension || 1);
    const inputs = item.fields.map((f) => {
      const id = uid(f.name);
      const inp = h('input', { type: 'number', id, class: 'num', min: Math.max(snap, f.resolved.minimum ?? 1), step: snap,
        value: state.values[f.name] ?? '', disabled: lockedNow(f) });
      inp.addEventListener('change', () => {
        const v = Math.max(snap, Math.round(Number(inp.value || f.default) / snap) * snap);
        inp.value = v;
        setValue(f, v);
      });
      controls.set(f.name, { set: (v) => { inp.value = v ?? ''; } });
      return h('span', { class: 'dim', dataset: { field: f.name }, title: f.description || null },
        h('label', { for: id }, f.ui.label || f.resolved.title || f.name), inp);
    });
    const swap = h('button', { type: 'button', class: 'icon', 'aria-label': 'Swap height and width',
      disabled: item.fields.some(lockedNow) || item.fields.length !== 2,
      onclick: () => {
        const [a, b] = item.fields;
        const va = state.values[a.name];
        setValue(a, state.values[b.name]);
        setValue(b, va);
        controls.get(a.name).set(state.values[a.name]);
        controls.get(b.name).set(state.values[b.name]);
      } }, '⇄');
    return group(item, 'Resolution', h('div', { class: 'dims' }, inputs, swap),
      snap > 1 ? h('p', { class: 'muted small' }, `Snapped to multiples of ${snap}.`) : null);
  },

  cache(item) {
    const reset = h('button', { type: 'button', dataset: { testid: 'reset-cache' }, disabled: !isLive(),
      title: 'Clear the model cache once (sends reset_cache)',
      onclick: () => emit('runtime-update', { reset_cache: true }) }, 'Reset cache');
    return group(item, 'Cache', fieldsOf(item), reset);
  },

  quantization(item, entry) {
    const vram = state.hardware?.vram_gb;
    const th = entry?.recommended_quantization_vram_threshold;
    let hint = null;
    if (th != null && vram > 0) {
      hint = h('p', { class: 'muted small' },
        vram > th ? `${vram.toFixed(0)} GB VRAM: no quantization needed.` : `${vram.toFixed(0)} GB VRAM: fp8 recommended (≤ ${th} GB).`);
    }
    return group(item, 'Quantization', fieldsOf(item), hint);
  },

  vace(item) {
    const id = uid('vace');
    const cb = h('input', { type: 'checkbox', role: 'switch', class: 'switch', id, checked: !!state.extras.vace_enabled,
      disabled: isBusy(), onchange: () => { state.extras.vace_enabled = cb.checked; } });
    return group(item, 'VACE',
      h('div', { class: 'field w-toggle', dataset: { field: 'vace_enabled' }, title: 'Load the VACE module (reference images, structural conditioning)' },
        h('label', { for: id }, 'Enable VACE', h('span', { class: 'badge' }, 'load')), cb),
      fieldsOf(item));
  },

  lora(item) {
    const rows = item.fields.map((f) => (f.widget === 'text'
      ? renderField(f, { widget: 'enum', options: ['permanent_merge', 'runtime_peft'] })
      : renderField(f)));
    return group(item, 'LoRA', rows, loraManager());
  },
};

// ---- LoRA manager ---------------------------------------------------------------------

let loraFiles = null; // null = not fetched, [] = none / unavailable
let loraError = null;

function loraManager() {
  // Fetched on first open only, so servers without LoRA support are not probed on every page load.
  const box = h('div', { class: 'lora', dataset: { testid: 'lora-list' } });
  const draw = () => {
    const locked = isBusy();
    const peft = state.values.lora_merge_strategy === 'runtime_peft';
    fill(box,
      state.extras.loras.map((l, i) => {
        const known = (loraFiles || []).some((f) => f.path === l.path);
        const sel = h('select', { 'aria-label': `LoRA ${i + 1} file`, disabled: locked,
          onchange: () => { l.path = sel.value; } },
        known ? null : h('option', { value: l.path, selected: true }, l.path.split(/[\\/]/).pop()),
        (loraFiles || []).map((f) => h('option', { value: f.path, selected: f.path === l.path }, f.name)));
        const scale = h('input', { type: 'number', class: 'num', min: -10, max: 10, step: 0.05, value: l.scale,
          'aria-label': `LoRA ${i + 1} scale`, disabled: locked && !peft,
          onchange: () => {
            l.scale = clamp(Number(scale.value), -10, 10);
            if (peft && isLive()) emit('runtime-update', { lora_scales: state.extras.loras.map(({ path, scale: s }) => ({ path, scale: s })) });
          } });
        return h('div', { class: 'lora-row' }, sel, scale,
          h('button', { type: 'button', class: 'icon', disabled: locked, 'aria-label': `Remove LoRA ${i + 1}`,
            onclick: () => { state.extras.loras.splice(i, 1); draw(); } }, '×'));
      }),
      loraError ? h('p', { class: 'muted small' }, loraError) : null,
      loraFiles === null
        ? h('button', { type: 'button', disabled: locked, dataset: { testid: 'lora-open' }, onclick: () => fetchLoras(draw) }, 'Choose LoRAs…')
        : h('button', { type: 'button', disabled: locked || !loraFiles.length, dataset: { testid: 'lora-add' },
          onclick: () => { state.extras.loras.push({ path: loraFiles[0].path, scale: 1.0 }); draw(); } }, 'Add LoRA'));
  };
  draw();
  return box;
}

function fetchLoras(done) {
  api.loras().then((r) => {
    loraFiles = r?.lora_files || [];
    loraError = loraFiles.length ? null : 'No LoRA files installed.';
  }).catch((e) => {
    loraFiles = [];
    loraError = e.status === 404 ? 'This server does not list LoRA files.' : e.message;
  }).finally(done);
}

// Fields the server always treats as load-time when the schema has them, even without `ui` (a workflow can set
// them); leaving them out would silently drop an imported height or seed.
const WELL_KNOWN_LOAD = ['height', 'width', 'base_seed', 'quantization', 'vae_type'];

/** Load-time values for the main pipeline: every load field visible or not, plus VACE/LoRA knobs. */
export function loadParams() {
  const entry = mainEntry();
  const params = {};
  for (const f of parseFields(entry?.config_schema)) {
    if (f.isLoad && state.values[f.name] !== undefined) params[f.name] = state.values[f.name];
  }
  const props = entry?.config_schema?.properties || {};
  for (const k of WELL_KNOWN_LOAD) {
    if (!(k in props) || k in params) continue;
    const v = state.values[k] !== undefined ? state.values[k] : resolveProp(entry.config_schema, props[k]).default;
    if (v !== undefined) params[k] = v;
  }
  if (entry?.supports_vace) params.vace_enabled = !!state.extras.vace_enabled;
  if (entry?.supports_lora && state.extras.loras.length) {
    const mode = state.values.lora_merge_strategy || 'permanent_merge';
    params.loras = state.extras.loras.map((l) => ({ path: l.path, scale: l.scale, merge_mode: mode }));
    params.lora_merge_mode = mode;
  }
  return params;
}

// Load-time fields that Scope's pipelines also read per call, so the stock client sends them at start.
const ALSO_RUNTIME = new Set(['denoising_steps', 'manage_cache']);

/** Runtime values (visible in the current mode) for initialParameters, under their runtime keys. */
export function runtimeParams() {
  const out = {};
  for (const f of parseFields(mainEntry()?.config_schema)) {
    const v = state.values[f.name];
    if (v == null || !visibleIn(f, state.mode)) continue;
    if (!f.isLoad || ALSO_RUNTIME.has(f.name)) out[runtimeKey(f.name)] = v;
  }
  if (mainEntry()?.supports_vace) out.vace_enabled = !!state.extras.vace_enabled;
  return out;
}
