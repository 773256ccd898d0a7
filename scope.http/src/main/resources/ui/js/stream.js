// Start/stop of a stream: load the chain (POST /pipeline/load + status polling), then
// WebRTC offer/answer with a "parameters" data channel. Runtime updates from the panels
// arrive as 'runtime-update' events and go out over the channel as JSON objects.

import { api } from './api.js';
import { toast } from './dom.js';
import { state, emit, on, chain, mainEntry, isBusy, isLive } from './state.js';
import { loadParams, runtimeParams, applyExternalValues } from './settings.js';
import { activePrompts } from './prompts.js';
import { acquireInputTrack, releaseInput } from './input.js';
import { modelsReady } from './pipelines.js';
import { schemaKey } from './schema.js';
import * as stats from './stats.js';

const POLL_MS = 1000;
const LOAD_TIMEOUT_MS = 600000;
const GATHER_WAIT_MS = 2000;

let ui = null;           // {output, setStatus(text), setError(text|null)}
let pc = null;
let dc = null;
let outbox = [];         // messages queued until the channel opens
let sessionId = null;
let pendingCandidates = [];
let run = 0;             // increments per start; stale async work checks it and bails out

/** The live session's id (for the recording controls), or null. */
export const currentSessionId = () => sessionId;

export function initStream(elements) {
  ui = elements;
  on('runtime-update', send);
}

function setPhase(phase) {
  state.phase = phase;
  emit('phase', phase);
}

/** Sends one update over the data channel (queued until it opens); nulls are stripped. */
export function send(msg) {
  if (!isLive() || !msg) return;
  const clean = Object.fromEntries(Object.entries(msg).filter(([, v]) => v !== null && v !== undefined));
  if (!Object.keys(clean).length) return;
  if (dc && dc.readyState === 'open') dc.send(JSON.stringify(clean));
  else outbox.push(clean);
}

export function togglePause() {
  if (!isLive()) return;
  state.paused = !state.paused;
  send({ paused: state.paused });
  emit('paused', state.paused);
}

export async function start() {
  if (isBusy()) return;
  const entry = mainEntry();
  if (!entry) { ui.setError('Select a pipeline first.'); return; }
  if (!modelsReady()) { ui.setError('Models are not downloaded yet: use Download first.'); return; }
  const my = ++run;
  ui.setError(null);
  state.paused = false;
  const t0 = performance.now();
  setPhase('loading');
  try {
    // Get the input first so a missing camera fails fast, before a long model load.
    const track = await acquireInputTrack();
    if (my !== run) { track?.stop?.(); return; }
    const ids = chain();
    const entries = ids.map((id) => ({ node_id: id, pipeline_id: id, load_params: id === state.mainId ? loadParams() : {} }));
    ui.setStatus('Requesting pipeline load…');
    await api.load(entries);
    const status = await waitLoaded(my, ids);
    if (my !== run) return;
    setPhase('connecting');
    ui.setStatus('Connecting…');
    await connect(my, track, status, t0);
  } catch (e) {
    if (my !== run) return;
    fail(e.message || String(e));
  }
}

/** Ends the attempt with an error; the stage text must not keep saying "Loading…" or "Streaming". */
function fail(message) {
  ui.setError(message);
  teardown();
  ui.setStatus('Failed');
}

export function stop() {
  run++;
  teardown();
  ui.setStatus('Stopped');
}

function teardown() {
  stats.stopStats();
  if (dc) { dc.onmessage = null; dc.onclose = null; }
  if (pc) {
    pc.onconnectionstatechange = null;
    pc.getSenders().forEach((s) => s.track?.stop());
    pc.close();
  }
  pc = null;
  dc = null;
  outbox = [];
  sessionId = null;
  pendingCandidates = [];
  releaseInput();
  if (ui?.output) ui.output.srcObject = null;
  state.paused = false;
  setPhase('idle');
  emit('paused', false);
}

/** Polls /pipeline/status every second until the requested chain is loaded; throws on error. */
async function waitLoaded(my, ids) {
  const deadline = Date.now() + LOAD_TIMEOUT_MS;
  let notLoadedPolls = 0;
  for (;;) {
    if (my !== run) throw new Error('cancelled');
    let s;
    try {
      s = await api.status();
    } catch (e) {
      if (e.status) throw e; // a real HTTP error from the server
      s = null;              // transient network failure: keep polling
    }
    if (s) {
      const instances = Array.isArray(s.instances) ? s.instances.filter((i) => ids.includes(i.node_id)) : null;
      const failed = instances?.find((i) => i.status === 'error');
      if (s.status === 'error' || failed) {
        throw new Error(`Pipeline load failed: ${failed?.error || s.error || 'see server log'}`);
      }
      const ours = !instances || (instances.length >= ids.length && instances.every((i) => i.status === 'loaded'));
      if (s.status === 'loaded' && ours) { ui.setStatus('Loaded'); return s; }
      if (s.status === 'not_loaded' && ++notLoadedPolls > 5) throw new Error('Pipeline is not loaded (the server dropped the load request).');
      ui.setStatus(s.loading_stage || (s.status === 'loading' ? 'Loading pipeline…' : 'Waiting for pipeline…'));
    }
    if (Date.now() > deadline) throw new Error('Timed out waiting for the pipeline to load.');
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function initialParameters(status) {
  const entry = mainEntry();
  const p = {
    input_mode: state.mode,
    pipeline_ids: chain(),
    ...runtimeParams(),
  };
  if (entry?.supports_prompts !== false) {
    const prompts = activePrompts();
    if (prompts.length) p.prompts = prompts;
    p.prompt_interpolation_method = state.interpolation;
  }
  if (typeof status?.produces_video === 'boolean') p.produces_video = status.produces_video;
  if (typeof status?.produces_audio === 'boolean') p.produces_audio = status.produces_audio;
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null && v !== undefined));
}

/** Sends every runtime setting and the prompts to the running stream (after a workflow import). */
export function sendLiveSettings() {
  const { input_mode: _m, pipeline_ids: _p, produces_video: _v, produces_audio: _a, ...live } = initialParameters(null);
  send(live);
}

async function iceServers() {
  try {
    const r = await api.iceServers();
    return Array.isArray(r?.iceServers) ? r.iceServers.map((s) => {
      const o = { urls: s.urls };
      if (s.username) o.username = s.username;
      if (s.credential) o.credential = s.credential;
      return o;
    }) : [];
  } catch {
    return []; // offline or not implemented: host candidates are enough on a LAN
  }
}

/** Restricts video codecs to VP8, as Scope's server expects. */
function forceVp8(transceiver) {
  if (!transceiver?.setCodecPreferences || !window.RTCRtpReceiver?.getCapabilities) return;
  const caps = RTCRtpReceiver.getCapabilities('video');
  const vp8 = caps?.codecs?.filter((c) => c.mimeType.toLowerCase() === 'video/vp8') || [];
  if (vp8.length) {
    try { transceiver.setCodecPreferences(vp8); } catch { /* keep browser defaults */ }
  }
}

async function connect(my, track, status, t0) {
  pc = new RTCPeerConnection({ iceServers: await iceServers() });
  const myPc = pc;
  dc = pc.createDataChannel('parameters', { ordered: true });
  dc.onopen = () => { for (const m of outbox.splice(0)) dc.send(JSON.stringify(m)); };
  dc.onmessage = (ev) => onServerMessage(ev.data);
  dc.onclose = () => { if (my === run && isLive()) fail('The server closed the parameters channel.'); };

  const video = track
    ? pc.addTransceiver(track, { direction: 'sendrecv', streams: [new MediaStream([track])] })
    : pc.addTransceiver('video', { direction: 'sendrecv' });
  forceVp8(video);
  if (status?.produces_audio) pc.addTransceiver('audio', { direction: 'recvonly' });

  const remote = new MediaStream();
  pc.ontrack = (ev) => {
    remote.addTrack(ev.track);
    if (ui.output.srcObject !== remote) ui.output.srcObject = remote;
    ui.output.play().catch(() => {});
    stats.watchFirstFrame(ui.output, t0);
  };

  let snapshotTaken = false;
  pc.onicecandidate = (ev) => {
    if (!ev.candidate || !snapshotTaken) return; // earlier ones travel inside the offer SDP
    const c = { candidate: ev.candidate.candidate, sdpMid: ev.candidate.sdpMid, sdpMLineIndex: ev.candidate.sdpMLineIndex };
    if (sessionId) trickle([c]);
    else pendingCandidates.push(c);
  };
  pc.onconnectionstatechange = () => {
    if (myPc !== pc) return;
    const s = pc.connectionState;
    if (s === 'connected') {
      setPhase('streaming');
      ui.setStatus('Streaming');
    } else if (s === 'failed') {
      fail('WebRTC connection failed.');
    } else if (s === 'disconnected') {
      ui.setStatus('Connection interrupted…');
    }
  };

  await pc.setLocalDescription(await pc.createOffer());
  await waitForGathering(pc, GATHER_WAIT_MS);
  if (my !== run) return;
  snapshotTaken = true;
  const answer = await api.offer({ sdp: pc.localDescription.sdp, type: 'offer', initialParameters: initialParameters(status) });
  if (my !== run) return;
  sessionId = answer.sessionId || null;
  if (sessionId && pendingCandidates.length) trickle(pendingCandidates.splice(0));
  await pc.setRemoteDescription({ type: answer.type || 'answer', sdp: answer.sdp });
  stats.startStats(pc);
}

function trickle(candidates) {
  if (!sessionId) return;
  api.trickle(sessionId, candidates).catch(() => { /* the full SDP already carries most candidates */ });
}

function waitForGathering(conn, ms) {
  if (conn.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { conn.removeEventListener('icegatheringstatechange', check); clearTimeout(t); resolve(); };
    const check = () => { if (conn.iceGatheringState === 'complete') done(); };
    const t = setTimeout(done, ms);
    conn.addEventListener('icegatheringstatechange', check);
  });
}

function onServerMessage(data) {
  let msg;
  try { msg = JSON.parse(data); } catch { return; }
  switch (msg?.type) {
    case 'stream_stopped':
      if (msg.error_message) {
        ui.setError(msg.error_message);
        toast(`Stream error: ${msg.error_message}`, 'error');
      }
      run++;
      teardown();
      ui.setStatus('Stream stopped by server');
      break;
    case 'parameters_updated':
      applyServerParameters(msg.parameters || {});
      break;
    case 'error':
      toast(msg.error_message || 'Server error', 'error');
      break;
    case 'stats':
      stats.serverStats(msg);
      break;
    case 'recording_started':
    case 'recording_stopped':
      emit('recording', msg);
      break;
    default:
      break; // tempo_update, change_scheduled, change_applied: not shown by this UI
  }
}

/** Mirrors parameters the server (or another client) changed into the controls. */
function applyServerParameters(params) {
  const { node_id: nodeId, ...rest } = params;
  if (nodeId && nodeId !== state.mainId) return;
  const fields = mainEntry()?.config_schema?.properties || {};
  const values = {};
  for (const [k, v] of Object.entries(rest)) {
    if (k === 'prompts' && Array.isArray(v)) {
      state.prompts = v.map((p) => ({ text: String(p.text ?? ''), weight: Number(p.weight ?? 100) }));
      emit('prompts');
    } else if (k === 'prompt_interpolation_method') {
      state.interpolation = v;
      emit('prompts');
    } else if (k === 'paused') {
      state.paused = !!v;
      emit('paused', state.paused);
    } else if (schemaKey(k) in fields) {
      values[schemaKey(k)] = v;
    }
  }
  applyExternalValues(values);
}
