// Live stream statistics: delivered fps, latency estimate, bitrate and TTFF from
// RTCPeerConnection.getStats(), pipeline fps from the server when it reports it
// (a {"type":"stats","pipeline_fps":..,"ttff_ms":..} data-channel message),
// and a rolling 60 s chart on a canvas.

const WINDOW_S = 60;
let els = null;
let timer = null;
let prev = null;         // previous inbound-rtp sample for deltas
let history = [];        // [{t, fps, pipelineFps}]
let server = {};         // latest server-side numbers
let ttffDone = false;

export function initStats(elements) {
  els = elements;
  reset();
  draw();
}

function reset() {
  prev = null;
  history = [];
  server = {};
  ttffDone = false;
  for (const k of ['fps', 'pipelineFps', 'latency', 'bitrate', 'resolution', 'dropped', 'ttff']) set(k, '–');
}

function set(key, text) {
  const el = els?.values?.[key];
  if (el) el.textContent = text;
}

/** Records time from Start to the first decoded output frame. */
export function watchFirstFrame(video, t0) {
  if (ttffDone) return;
  const mark = () => {
    if (ttffDone) return;
    ttffDone = true;
    set('ttff', `${Math.round(performance.now() - t0)} ms`);
  };
  if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(mark);
  else video.addEventListener('loadeddata', mark, { once: true });
}

export function startStats(pc) {
  clearInterval(timer);
  const keepTtff = ttffDone;
  const ttffText = els?.values?.ttff?.textContent;
  reset();
  if (keepTtff) { ttffDone = true; set('ttff', ttffText); }
  timer = setInterval(() => sample(pc), 1000);
}

export function stopStats() {
  clearInterval(timer);
  timer = null;
}

/** Numbers the server pushed over the data channel: pipeline_fps, fps_out, ttff_ms. */
export function serverStats(msg) {
  Object.assign(server, msg);
  if (typeof msg.ttff_ms === 'number') set('ttff', `${Math.round(msg.ttff_ms)} ms (server)`);
}

async function sample(pc) {
  if (pc.connectionState === 'closed') return;
  let report;
  try { report = await pc.getStats(); } catch { return; }
  let inbound = null;
  report.forEach((s) => { if (s.type === 'inbound-rtp' && (s.kind || s.mediaType) === 'video') inbound = s; });
  const now = performance.now();
  let fps = null;
  if (inbound) {
    if (typeof inbound.framesPerSecond === 'number') fps = inbound.framesPerSecond;
    if (prev) {
      const dt = (now - prev.t) / 1000;
      if (fps == null && dt > 0) fps = (inbound.framesDecoded - prev.framesDecoded) / dt;
      if (dt > 0) set('bitrate', `${Math.round(((inbound.bytesReceived - prev.bytesReceived) * 8) / dt / 1000)} kbps`);
      const emitted = (inbound.jitterBufferEmittedCount || 0) - (prev.jitterBufferEmittedCount || 0);
      if (emitted > 0) {
        const delay = ((inbound.jitterBufferDelay || 0) - (prev.jitterBufferDelay || 0)) / emitted;
        set('latency', `${Math.round(delay * 1000)} ms`);
      }
    }
    if (inbound.frameWidth) set('resolution', `${inbound.frameWidth}×${inbound.frameHeight}`);
    set('dropped', String(inbound.framesDropped ?? 0));
    prev = { t: now, framesDecoded: inbound.framesDecoded || 0, bytesReceived: inbound.bytesReceived || 0,
      jitterBufferDelay: inbound.jitterBufferDelay || 0, jitterBufferEmittedCount: inbound.jitterBufferEmittedCount || 0 };
  }
  if (fps != null) set('fps', fps.toFixed(1));

  const pf = typeof server.pipeline_fps === 'number' ? server.pipeline_fps : null;
  set('pipelineFps', pf == null ? '–' : pf.toFixed(1));

  history.push({ t: now, fps, pipelineFps: pf });
  while (history.length && now - history[0].t > WINDOW_S * 1000) history.shift();
  draw();
}

function draw() {
  const c = els?.canvas;
  if (!c) return;
  const dpr = window.devicePixelRatio || 1;
  const w = c.clientWidth || 240;
  const hgt = c.clientHeight || 60;
  if (c.width !== Math.round(w * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(hgt * dpr); }
  const g = c.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, hgt);
  const max = Math.max(10, ...history.map((p) => Math.max(p.fps || 0, p.pipelineFps || 0))) * 1.15;
  g.strokeStyle = 'rgba(255,255,255,0.08)';
  g.lineWidth = 1;
  for (let y = 0; y <= 2; y++) {
    const yy = Math.round((hgt * y) / 2) + 0.5;
    g.beginPath(); g.moveTo(0, yy); g.lineTo(w, yy); g.stroke();
  }
  g.fillStyle = 'rgba(255,255,255,0.45)';
  g.font = '10px system-ui, sans-serif';
  g.fillText(`${Math.round(max)} fps`, 4, 11);
  const now = performance.now();
  const line = (key, color) => {
    g.strokeStyle = color;
    g.lineWidth = 1.5;
    g.beginPath();
    let started = false;
    for (const p of history) {
      const v = p[key];
      if (v == null) { started = false; continue; }
      const x = w - ((now - p.t) / (WINDOW_S * 1000)) * w;
      const y = hgt - (v / max) * hgt;
      if (started) g.lineTo(x, y); else g.moveTo(x, y);
      started = true;
    }
    g.stroke();
  };
  line('pipelineFps', '#f0a040');
  line('fps', '#4fc3f7');
}
