// Weighted prompt editor with spatial blend method and temporal transition settings.
// While streaming, "Send" pushes the prompts (as a transition when steps > 0);
// weight changes are pushed immediately as a plain blend.

import { h, fill, uid, debounce } from './dom.js';
import { state, emit, on, mainEntry, isLive } from './state.js';

let root = null;

export function initPrompts(el) {
  root = el;
  on('pipeline', render);
  on('phase', render);
  on('prompts', render);
}

/** Prompts with text, weights as entered (0-100 scale; the server normalises). */
export const activePrompts = () => state.prompts
  .filter((p) => p.text.trim() !== '')
  .map((p) => ({ text: p.text, weight: Number(p.weight) }));

/** The data-channel message for the current prompt state. */
export function promptMessage({ withTransition = true } = {}) {
  const prompts = activePrompts();
  if (!prompts.length) return null;
  if (withTransition && state.transition.steps > 0) {
    return {
      transition: {
        target_prompts: prompts,
        num_steps: state.transition.steps,
        temporal_interpolation_method: state.transition.method,
      },
      prompt_interpolation_method: state.interpolation,
    };
  }
  return { prompts, prompt_interpolation_method: state.interpolation };
}

function sendPrompts(opts) {
  const msg = promptMessage(opts);
  if (msg && isLive()) emit('runtime-update', msg);
}

const sendBlend = debounce(() => sendPrompts({ withTransition: false }), 120);

function render() {
  if (!root) return;
  const section = root.closest('section');
  const entry = mainEntry();
  const supported = !entry || entry.supports_prompts !== false;
  if (section) section.hidden = !supported;
  if (!supported) { root.replaceChildren(); return; }

  const rows = state.prompts.map((p, i) => {
    const id = i === 0 ? 'prompt-input' : uid('prompt');
    const ta = h('textarea', { id, rows: 2, placeholder: 'Describe what to generate…', dataset: { testid: 'prompt-input', index: String(i) },
      'aria-label': `Prompt ${i + 1}`, spellcheck: 'true' });
    ta.value = p.text;
    ta.addEventListener('input', () => { p.text = ta.value; });
    ta.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); sendPrompts(); }
    });
    const wid = uid('weight');
    const range = h('input', { type: 'range', min: 0, max: 100, step: 1, value: p.weight, id: wid,
      dataset: { testid: 'prompt-weight' }, 'aria-label': `Prompt ${i + 1} weight` });
    const out = h('output', { for: wid, class: 'weight-out' }, String(p.weight));
    range.addEventListener('input', () => { p.weight = Number(range.value); out.value = range.value; if (state.prompts.length > 1) sendBlend(); });
    return h('div', { class: 'prompt-row' }, ta,
      h('div', { class: 'prompt-meta' },
        h('span', { class: 'small muted' }, 'weight'), range, out,
        h('button', { type: 'button', class: 'icon', 'aria-label': `Remove prompt ${i + 1}`, disabled: state.prompts.length <= 1,
          onclick: () => { state.prompts.splice(i, 1); render(); if (state.prompts.length) sendBlend(); } }, '×')));
  });

  const interpId = uid('interp');
  const interp = h('select', { id: interpId, dataset: { testid: 'prompt-interpolation' },
    onchange: () => { state.interpolation = interp.value; if (state.prompts.length > 1) sendBlend(); } },
  ['linear', 'slerp'].map((m) => h('option', { value: m, selected: m === state.interpolation }, m)));

  const stepsId = uid('steps');
  const steps = h('input', { type: 'number', id: stepsId, class: 'num', min: 0, max: 100, step: 1, value: state.transition.steps,
    dataset: { testid: 'transition-steps' }, onchange: () => { state.transition.steps = Math.max(0, Math.round(Number(steps.value) || 0)); steps.value = state.transition.steps; } });
  const tmId = uid('tmethod');
  const tmethod = h('select', { id: tmId, dataset: { testid: 'transition-method' },
    onchange: () => { state.transition.method = tmethod.value; } },
  ['linear', 'slerp'].map((m) => h('option', { value: m, selected: m === state.transition.method }, m)));

  fill(root,
    rows,
    h('div', { class: 'row wrap gap' },
      h('button', { type: 'button', dataset: { testid: 'add-prompt' }, onclick: () => { state.prompts.push({ text: '', weight: 100 }); render(); } }, '+ Prompt'),
      h('button', { type: 'button', class: 'primary', dataset: { testid: 'prompt-send' }, disabled: !isLive(),
        title: 'Send prompts to the running stream (Ctrl+Enter)', onclick: () => sendPrompts() }, 'Send prompts')),
    h('div', { class: 'row wrap gap small' },
      h('label', { for: interpId }, 'Blend'), interp,
      h('label', { for: stepsId, title: 'Number of generation calls to interpolate over when prompts change; 0 = switch at once' }, 'Transition steps'), steps,
      h('label', { for: tmId }, 'Method'), tmethod));
}
