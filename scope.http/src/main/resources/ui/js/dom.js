// Tiny DOM helpers: h() builds elements, uid() makes ids that tie labels to inputs.

let counter = 0;
export const uid = (prefix = 'f') => `${prefix}-${++counter}`;

/**
 * h('button', {class: 'x', onclick: fn, dataset: {testid: 'y'}}, 'text', child)
 * Attributes starting with "on" become listeners; `dataset` and `style` objects are merged;
 * false/null attributes are skipped; children may be strings, nodes, arrays or null.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v == null) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k === 'class') el.className = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export const $ = (sel, root = document) => root.querySelector(sel);

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Calls fn at most once per `ms` window, with the latest arguments. */
export function debounce(fn, ms) {
  let t = null;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

const toasts = () => document.getElementById('toasts');

/** Shows a transient message; errors stay longer and are announced by screen readers. */
export function toast(message, kind = 'info', ms = kind === 'error' ? 8000 : 4000) {
  const box = toasts();
  if (!box) return;
  const close = h('button', { class: 'toast-close', 'aria-label': 'Dismiss', onclick: () => t.remove() }, '×');
  const t = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', dataset: { testid: `toast-${kind}` } },
    h('span', {}, message), close);
  box.append(t);
  setTimeout(() => t.remove(), ms);
}
