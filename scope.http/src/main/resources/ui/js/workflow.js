// Workflow export/import. Export writes the current setup as <name>.scope-workflow.json
// (format_version 1.0). Import accepts that format or the legacy timeline JSON, asks the
// server to resolve dependencies when it can, and only updates the UI: the pipelines are
// (re)loaded at the next Start, where the server reuses instances with equal load params.
// Importing into a running (or paused) stream keeps it when only runtime values change.

import { h, fill, toast } from './dom.js';
import { api } from './api.js';
import { state, emit, mainEntry, isBusy, chain } from './state.js';
import { loadParams } from './settings.js';
import { stop, sendLiveSettings } from './stream.js';
import { selectPipeline } from './pipelines.js';
import { runtimeKey, schemaKey } from './schema.js';

let serverVersion = null;
let reportEl = null;

export function initWorkflow({ report, version }) {
  reportEl = report;
  serverVersion = version || null;
}
export const setServerVersion = (v) => { serverVersion = v; };

// ---- export ---------------------------------------------------------------------------

/** Builds the workflow object for the current UI state. */
export async function buildWorkflow(name) {
  const main = mainEntry();
  if (!main) throw new Error('Select a pipeline before exporting.');
  let plugins = [];
  if (Object.values(state.schemas).some((e) => e.plugin_name)) {
    plugins = (await api.plugins().catch(() => null))?.plugins || [];
  }
  const source = (entry) => {
    if (!entry?.plugin_name) return { type: 'builtin' };
    const p = plugins.find((x) => x.name === entry.plugin_name);
    // Scope's source types: bundles shipped with the server count as builtin, dropped-in bundles as local
    const type = p?.source === 'builtin' ? 'builtin' : 'local';
    return { type, plugin_name: entry.plugin_name, plugin_version: p?.version || null, package_spec: p?.package_spec || null };
  };
  const item = (id, role, params = {}, loras = []) => {
    const e = state.schemas[id];
    return { pipeline_id: id, pipeline_version: e?.version || null, source: source(e), loras, params, role };
  };
  const params = {};
  for (const [k, v] of Object.entries(state.values)) params[runtimeKey(k)] = v;
  params.input_mode = state.mode;
  if (main.supports_vace) params.vace_enabled = !!state.extras.vace_enabled;
  const mergeMode = state.values.lora_merge_strategy || 'permanent_merge';
  const loras = state.extras.loras.map((l, i) => ({
    id: `lora-${i}`, filename: l.path.split(/[\\/]/).pop(), weight: l.scale, merge_mode: mergeMode,
  }));
  const prompts = state.prompts.filter((p) => p.text.trim()).map((p) => ({ text: p.text, weight: p.weight }));
  return {
    format: 'scope-workflow',
    format_version: '1.0',
    metadata: { name, created_at: new Date().toISOString(), scope_version: serverVersion },
    pipelines: [
      ...state.pre.map((id) => item(id, 'preprocessor')),
      item(main.id || state.mainId, 'main', params, loras),
      ...state.post.map((id) => item(id, 'postprocessor')),
    ],
    nodes: [],
    prompts,
    interpolation_method: state.interpolation,
    transition_steps: state.transition.steps,
    temporal_interpolation_method: state.transition.method,
    min_scope_version: null,
  };
}

export const fileNameFor = (name) => `${(name || 'workflow').trim().replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'workflow'}.scope-workflow.json`;

/** Exports and offers the file as a download link (also clicked once). */
export async function exportWorkflow(linkHolder) {
  const name = state.workflowName.trim() || mainEntry()?.name || 'workflow';
  const wf = await buildWorkflow(name);
  const blob = new Blob([JSON.stringify(wf, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: fileNameFor(name), dataset: { testid: 'export-link' }, class: 'small' }, `⤓ ${fileNameFor(name)}`);
  const old = linkHolder.querySelector('a[href^="blob:"]');
  if (old) URL.revokeObjectURL(old.href);
  fill(linkHolder, a);
  a.click();
  return wf;
}

// ---- import ---------------------------------------------------------------------------

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const promptList = (v) => (Array.isArray(v) ? v.filter(isObject) : []);

/** Normalises either format into {name, mainId, pre, post, params, loras, prompts, ...}. */
export function normaliseWorkflow(wf) {
  if (!wf || typeof wf !== 'object') throw new Error('Not a JSON object.');
  if (wf.format === 'scope-workflow') {
    if (!wf.metadata?.name) throw new Error('Workflow has no metadata.name.');
    if (!Array.isArray(wf.pipelines) || !wf.pipelines.length) throw new Error('Workflow lists no pipelines.');
    const hasRoles = wf.pipelines.some((p) => p.role);
    const main = hasRoles ? wf.pipelines.find((p) => p.role === 'main') : wf.pipelines[0];
    if (!main) throw new Error('Workflow has no main pipeline.');
    // untrusted file: check the shapes this code reads before anything touches the UI state
    if (!wf.pipelines.every((p) => isObject(p) && typeof p.pipeline_id === 'string')) throw new Error('Every pipeline needs a pipeline_id.');
    if (main.params != null && !isObject(main.params)) throw new Error('params must be an object.');
    if (main.loras != null && !Array.isArray(main.loras)) throw new Error('loras must be an array.');
    const first = wf.timeline?.entries?.[0];
    return {
      name: wf.metadata.name,
      mainId: main.pipeline_id,
      pre: hasRoles ? wf.pipelines.filter((p) => p.role === 'preprocessor').map((p) => p.pipeline_id) : [],
      post: hasRoles ? wf.pipelines.filter((p) => p.role === 'postprocessor').map((p) => p.pipeline_id) : [],
      params: { ...(main.params || {}) },
      loras: (main.loras || []).filter((l) => isObject(l) && typeof l.filename === 'string')
        .map((l) => ({ filename: l.filename, scale: l.weight ?? 1, merge_mode: l.merge_mode })),
      prompts: promptList(first?.prompts || wf.prompts),
      interpolation: wf.interpolation_method || null,
      transitionSteps: first?.transition_steps ?? wf.transition_steps ?? 4,
      transitionMethod: first?.temporal_interpolation_method || wf.temporal_interpolation_method || 'slerp',
      resolvable: true,
    };
  }
  if (wf.settings && Array.isArray(wf.prompts)) {
    const s = wf.settings;
    if (!isObject(s) || typeof s.pipelineId !== 'string') throw new Error('Timeline settings have no pipelineId.');
    const params = {};
    const map = { seed: 'base_seed', denoisingSteps: 'denoising_step_list', noiseScale: 'noise_scale', noiseController: 'noise_controller',
      manageCache: 'manage_cache', quantization: 'quantization', kvCacheAttentionBias: 'kv_cache_attention_bias', loraMergeStrategy: 'lora_merge_strategy' };
    for (const [from, to] of Object.entries(map)) if (from in s) params[to] = s[from];
    if (s.resolution) { params.height = s.resolution.height; params.width = s.resolution.width; }
    if (s.inputMode) params.input_mode = s.inputMode;
    const first = wf.prompts[0] || {};
    return {
      name: s.pipelineId, mainId: s.pipelineId, pre: [], post: [], params, loras: [],
      prompts: promptList(first.prompts), interpolation: null,
      transitionSteps: first.transitionSteps ?? 4, transitionMethod: first.temporalInterpolationMethod || 'slerp',
      resolvable: false,
    };
  }
  throw new Error('Unrecognised file: expected a .scope-workflow.json or a timeline export.');
}

// Workflow files are small; a bigger file is not a workflow (and would only cost memory to parse).
export const MAX_WORKFLOW_BYTES = 1 << 20;

/** Reads a File, resolves (if the server supports it) and applies it to the UI. */
export async function importFile(file) {
  if (isBusy() && state.phase !== 'streaming') { toast('Wait until the stream has started (or stop it) before importing.', 'error'); return null; }
  if (file.size > MAX_WORKFLOW_BYTES) { toast(`${file.name}: too large for a workflow (${file.size} bytes)`, 'error'); return null; }
  let json;
  try { json = JSON.parse(await file.text()); } catch { toast(`${file.name}: not valid JSON`, 'error'); return null; }
  return importJson(json);
}

// Sorted-key JSON: two settings objects are equal whatever order their keys came in.
const canonical = (v) => JSON.stringify(v, (k, x) => (x && typeof x === 'object' && !Array.isArray(x)
  ? Object.fromEntries(Object.keys(x).sort().map((key) => [key, x[key]])) : x));

/** What decides whether a running stream can take the workflow live: chain, mode and load params. */
const loadShape = () => ({ chain: chain(), mode: state.mode, load: loadParams() });

export async function importJson(json) {
  let wf;
  try { wf = normaliseWorkflow(json); } catch (e) { toast(`Import failed: ${e.message}`, 'error'); return null; }
  if (wf.resolvable) await resolve(json);
  else fill(reportEl);
  if (state.phase !== 'streaming') return applyWorkflow(wf);
  // While streaming (or paused): the same chain with the same load-time settings is applied live over the data
  // channel, keeping the session and the loaded instances; anything load-time needs a new load, so the stream stops
  // and the next Start loads it (the seed bug: import must never silently reload or tear down a matching stream).
  const before = loadShape();
  const ignored = applyWorkflow(wf, { quiet: true });
  if (ignored === null) return null;
  const after = loadShape();
  if (canonical(before) === canonical(after)) {
    sendLiveSettings();
    toast(`Imported "${wf.name}": same pipeline and load settings, applied to the running stream.`, 'info');
  } else {
    const changed = ['chain', 'mode'].filter((k) => canonical(before[k]) !== canonical(after[k]));
    for (const k of new Set([...Object.keys(before.load), ...Object.keys(after.load)])) {
      if (canonical(before.load[k]) !== canonical(after.load[k])) changed.push(k);
    }
    stop();
    toast(`Imported "${wf.name}": it changes load-time settings (${changed.join(', ')}), so the stream was stopped. Press Start to load.`, 'warn');
  }
  return ignored;
}

async function resolve(json) {
  if (!reportEl) return;
  try {
    const r = await api.resolveWorkflow(json);
    showReport(r);
  } catch (e) {
    // 404/405: no resolve endpoint on this server; import goes on without the check.
    if (e.status === 404 || e.status === 405) fill(reportEl);
    else fill(reportEl, h('p', { class: 'warn-text small' }, `Dependency check failed: ${e.message}`));
  }
}

function showReport(r) {
  const items = r?.items || [];
  fill(reportEl,
    h('div', { class: 'report', dataset: { testid: 'workflow-resolve' } },
      h('div', { class: 'row gap' }, h('b', {}, r?.can_apply === false ? 'Missing dependencies' : 'Dependencies'),
        h('button', { type: 'button', class: 'icon', 'aria-label': 'Close dependency report', onclick: () => fill(reportEl) }, '×')),
      h('ul', {}, items.map((it) => h('li', { class: `st-${it.status}`, dataset: { kind: it.kind, status: it.status } },
        h('span', { class: 'chip' }, it.kind), ' ', h('b', {}, it.name), ` — ${it.status}`,
        it.detail ? h('div', { class: 'small muted' }, it.detail) : null,
        it.action ? h('div', { class: 'small' }, it.action) : null))),
      (r?.warnings || []).map((w) => h('p', { class: 'warn-text small' }, w))));
}

/** Applies a normalised workflow to the UI state; returns the list of ignored params (null if not applied). */
export function applyWorkflow(wf, { quiet = false } = {}) {
  if (!state.schemas[wf.mainId]) {
    const why = state.filtered[wf.mainId];
    toast(`Pipeline "${wf.mainId}" is not available${why ? `: ${why}` : ''}.`, 'error');
    return null;
  }
  const { input_mode: mode, vace_enabled: vace, ...params } = wf.params;
  selectPipeline(wf.mainId, { mode });
  const missing = [...wf.pre, ...wf.post].filter((id) => !state.schemas[id]);
  state.pre = wf.pre.filter((id) => state.schemas[id]);
  state.post = wf.post.filter((id) => state.schemas[id]);
  const props = mainEntry()?.config_schema?.properties || {};
  const ignored = [];
  for (const [k, v] of Object.entries(params)) {
    const key = schemaKey(k);
    if (Object.hasOwn(props, key)) state.values[key] = v; // own keys only: no __proto__ from a file
    else ignored.push(k);
  }
  if (vace !== undefined) state.extras.vace_enabled = !!vace;
  state.extras.loras = wf.loras.map((l) => ({ path: l.filename, scale: Number(l.scale) }));
  if (wf.loras.length) matchLoras();
  state.prompts = wf.prompts.length
    ? wf.prompts.map((p) => ({ text: String(p.text ?? ''), weight: Number(p.weight ?? 100) }))
    : [{ text: '', weight: 100 }];
  if (wf.interpolation) state.interpolation = wf.interpolation;
  state.transition = { steps: Number(wf.transitionSteps) || 0, method: wf.transitionMethod };
  state.workflowName = wf.name;
  emit('chain');
  emit('values');
  emit('prompts');
  emit('workflow');
  const notes = [];
  if (missing.length) notes.push(`missing pipelines skipped: ${missing.join(', ')}`);
  if (ignored.length) notes.push(`not in this pipeline's schema: ${ignored.join(', ')}`);
  if (notes.length || !quiet) toast(`Imported "${wf.name}"${notes.length ? ` (${notes.join('; ')})` : ''}.${quiet ? '' : ' Press Start to load.'}`, notes.length ? 'warn' : 'info');
  return ignored;
}

/** Maps workflow LoRA filenames to local files by path, basename or stem. */
async function matchLoras() {
  const files = (await api.loras().catch(() => null))?.lora_files || [];
  const stem = (s) => s.split(/[\\/]/).pop().replace(/\.[^.]+$/, '');
  for (const l of state.extras.loras) {
    const f = files.find((x) => x.path === l.path) || files.find((x) => x.path.split(/[\\/]/).pop() === l.path)
      || files.find((x) => stem(x.path) === stem(l.path));
    if (f) l.path = f.path;
    else toast(`LoRA ${l.path} is not installed locally.`, 'warn');
  }
  emit('values');
}
