// "Connect" panel: the addresses other programs use for the current chain and session - the WHIP URL that feeds
// the selected chain (OBS: Settings -> Stream -> Service WHIP), the WHEP URL that plays the live session's output,
// and the HTTP route for its parameters. Off loopback every one needs the API token as the bearer token.
// oscAddresses() lists the session's OSC addresses (shown in #osc-addresses).

import { h, fill } from './dom.js';
import { request } from './api.js';
import { chain, on } from './state.js';
import { currentSessionId } from './stream.js';

let links = null;
let osc = null;

export function initConnect(elements) {
  links = elements.links;
  osc = elements.osc;
  for (const event of ['chain', 'pipeline', 'phase']) on(event, render);
  render();
}

let oscInfo = null; // {status, keys} for oscFor; fetched once per session
let oscFor = null;

/**
 * The session's OSC addresses as [label, address] pairs: where to send, then /scope/session/<id>/<key> for the
 * prompt, pause and the runtime fields of the chain's pipelines (from /api/v1/osc/paths). Fetched once per session.
 */
export function oscAddresses(sessionId) {
  if (oscFor !== sessionId) {
    oscFor = sessionId;
    oscInfo = null;
    loadOsc(sessionId);
  }
  if (!oscInfo) return [];
  const { status, keys } = oscInfo;
  if (!status.listening) return [['OSC', status.enabled ? 'not listening' : `off${status.note ? ` (${status.note})` : ''}`]];
  return [['OSC to', `udp://${status.host}:${status.port}`],
    ...keys.map(k => [k, `/scope/session/${sessionId}/${k}`])];
}

async function loadOsc(sessionId) {
  try {
    const [status, paths] = await Promise.all([request('GET', '/api/v1/osc/status'),
      request('GET', '/api/v1/osc/paths')]);
    const ids = chain();
    const keys = ['prompt', 'paused'];
    for (const [group, entries] of Object.entries(paths.active || {})) {
      if (!ids.includes(group)) continue;
      for (const e of entries) if (!keys.includes(e.key)) keys.push(e.key);
    }
    if (oscFor === sessionId) {
      oscInfo = { status, keys };
      render();
    }
  } catch (err) {
    console.warn('OSC addresses unavailable', err);
  }
}

function url(path) {
  return `${location.origin}${path}`;
}

function row(label, testid, value) {
  return [h('dt', {}, label), h('dd', {}, value
    ? h('code', { 'data-testid': testid, class: 'copyable', title: 'Click to select', onclick: select }, value)
    : h('span', { class: 'muted', 'data-testid': testid }, 'start a stream'))];
}

function select(ev) {
  const range = document.createRange();
  range.selectNodeContents(ev.currentTarget);
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

function render() {
  if (!links) return;
  const ids = chain();
  const session = currentSessionId();
  fill(links,
    row('WHIP (ingest)', 'whip-url', url(`/api/v1/whip${ids.length ? `?pipeline_ids=${ids.map(encodeURIComponent).join(',')}` : ''}`)),
    row('WHEP (playback)', 'whep-url', session && url(`/api/v1/whep/${encodeURIComponent(session)}`)),
    row('Parameters', 'parameters-url', session && url(`/api/v1/session/${encodeURIComponent(session)}/parameters`)));
  const addresses = session ? oscAddresses(session) : [];
  fill(osc, addresses.map(([label, address]) => h('div', {}, h('span', { class: 'muted small' }, `${label} `),
    h('code', {}, address))));
}
