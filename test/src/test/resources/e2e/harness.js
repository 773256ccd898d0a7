// Page-side helpers for the end-to-end tests, injected with Runtime.evaluate. They read what the page shows
// (video frames drawn to a canvas) and can run the stock frontend's API flow directly: load, peer connection with
// a "parameters" data channel, offer/answer over HTTP. No network besides the page's own origin.
(() => {
  if (window.e2e) return 'ready';
  const W = 128;
  const H = 96;
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const snaps = {};
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const el = (sel) => (typeof sel === 'string' ? document.querySelector(sel) : sel);

  function video(id) {
    let v = document.getElementById(id);
    if (!v) {
      v = document.createElement('video');
      v.id = id;
      v.muted = true;
      v.autoplay = true;
      v.playsInline = true;
      v.width = 256;
      document.body.appendChild(v);
    }
    return v;
  }

  async function until(cond, ms, what) {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error('timed out waiting for ' + what);
      await sleep(50);
    }
  }

  // Remembers every peer connection the page makes (the UI's included), so tests can read its getStats().
  const pcs = [];
  const received = [];
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      pcs.push(this);
    }

    // Also records what the server says on every data channel the page opens (the UI's included).
    createDataChannel(...args) {
      const channel = super.createDataChannel(...args);
      channel.addEventListener('message', (ev) => {
        try { received.push(JSON.parse(ev.data)); } catch { received.push({ raw: ev.data }); }
      });
      return channel;
    }
  };

  // Records what the page sends on any data channel (the UI's "parameters" channel included).
  const sent = [];
  const nativeSend = RTCDataChannel.prototype.send;
  RTCDataChannel.prototype.send = function (data) {
    if (typeof data === 'string') { try { sent.push(JSON.parse(data)); } catch { sent.push({ raw: data }); } }
    return nativeSend.call(this, data);
  };

  const shownToasts = [];
  new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((n) => {
    if (n.dataset?.testid?.startsWith('toast-')) shownToasts.push(n.dataset.testid + ': ' + n.textContent);
  }))).observe(document.body, { childList: true, subtree: true });

  const e2e = {
    sent() { return sent; },
    // Server messages on the page's data channels since injection, oldest first (stats included).
    received() { return received; },
    peerConnections() { return pcs.map((pc) => pc.connectionState); },
    // Picks a file in an <input type=file> as a user would (refused when the input is disabled) and fires change.
    pickFile(sel, name, text) {
      const input = el(sel);
      if (!input) throw new Error('no file input ' + sel);
      if (input.disabled) throw new Error('the file input ' + sel + ' is disabled');
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'application/json' }));
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    },
    // Text of every toast shown since injection (they vanish after a few seconds), oldest first.
    toasts() { return shownToasts; },
    // Frames decoded so far by the newest peer connection's inbound video (getStats).
    async framesDecoded() {
      const pc = pcs[pcs.length - 1];
      if (!pc) return 0;
      let n = 0;
      (await pc.getStats()).forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'video') n = r.framesDecoded || 0; });
      return n;
    },
    // Counts frames a <video> presents; rVFC fires once per composited video frame.
    watch(sel) {
      const v = el(sel);
      if (!v || v.__e2eWatched) return !!v;
      v.__e2eWatched = true;
      v.__e2eFrames = 0;
      const cb = () => { v.__e2eFrames++; v.requestVideoFrameCallback(cb); };
      v.requestVideoFrameCallback(cb);
      return true;
    },
    frames(sel) {
      const v = el(sel);
      return v && v.__e2eFrames ? v.__e2eFrames : 0;
    },
    // Colour statistics of the current frame (downscaled): chroma = max(|R-G|, |G-B|) per pixel.
    sample(sel) {
      const v = el(sel);
      if (!v || !v.videoWidth) return null;
      ctx.drawImage(v, 0, 0, W, H);
      const d = ctx.getImageData(0, 0, W, H).data;
      const chroma = new Array(W * H);
      let sum = 0;
      let luma = 0;
      let luma2 = 0;
      const rgb = [0, 0, 0];
      for (let i = 0, p = 0; i < d.length; i += 4, p++) {
        const c = Math.max(Math.abs(d[i] - d[i + 1]), Math.abs(d[i + 1] - d[i + 2]));
        chroma[p] = c;
        sum += c;
        rgb[0] += d[i];
        rgb[1] += d[i + 1];
        rgb[2] += d[i + 2];
        const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
        luma += y;
        luma2 += y * y;
      }
      chroma.sort((a, b) => a - b);
      return {
        width: v.videoWidth, height: v.videoHeight,
        meanChroma: sum / chroma.length, p99Chroma: chroma[Math.floor(chroma.length * 0.99)],
        meanLuma: luma / chroma.length,
        meanRgb: rgb.map((c) => c / chroma.length),
        lumaStd: Math.sqrt(Math.max(0, luma2 / chroma.length - (luma / chroma.length) ** 2)),
      };
    },
    // Starts recording the mean colour of every frame a <video> presents, for recorded().
    record(sel) {
      const v = el(sel);
      if (!v) return false;
      const frames = [];
      v.__e2eRecording = frames;
      const cb = () => {
        if (v.__e2eRecording !== frames) return;
        const s = e2e.sample(v);
        if (s) frames.push(s.meanRgb);
        v.requestVideoFrameCallback(cb);
      };
      v.requestVideoFrameCallback(cb);
      return true;
    },
    // Stops recording and returns the mean colours, oldest first.
    recorded(sel) {
      const v = el(sel);
      const frames = v?.__e2eRecording || [];
      if (v) v.__e2eRecording = null;
      return frames;
    },
    // Keeps the luma of the current frame under a name, for diff().
    snap(name, sel) {
      const v = el(sel);
      if (!v || !v.videoWidth) return false;
      ctx.drawImage(v, 0, 0, W, H);
      const d = ctx.getImageData(0, 0, W, H).data;
      const y = new Float32Array(W * H);
      for (let i = 0, p = 0; i < d.length; i += 4, p++) y[p] = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      snaps[name] = y;
      return true;
    },
    // Share of pixels whose luma changed by more than `threshold` levels between two snaps.
    diff(a, b, threshold) {
      const x = snaps[a];
      const y = snaps[b];
      let changed = 0;
      for (let i = 0; i < x.length; i++) if (Math.abs(x[i] - y[i]) > threshold) changed++;
      return changed / x.length;
    },
    // The stock frontend's flow (spec 2.1), without the UI: returns the session id.
    async start({ pipelines, initial = {}, track = null, width = 512, height = 512 }) {
      const post = (path, body) => fetch(path, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      let r = await post('/api/v1/pipeline/load',
        { pipelines: pipelines.map((id) => ({ node_id: id, pipeline_id: id, load_params: {} })) });
      if (!r.ok) throw new Error('load: ' + r.status + ' ' + await r.text());
      const deadline = Date.now() + 60000;
      for (;;) {
        const s = await (await fetch('/api/v1/pipeline/status')).json();
        if (s.status === 'loaded') break;
        if (s.status === 'error' || Date.now() > deadline) throw new Error('load: ' + JSON.stringify(s));
        await sleep(200);
      }
      const media = track ? new MediaStream([track]) : await navigator.mediaDevices.getUserMedia(
        { video: { width: { ideal: width }, height: { ideal: height } }, audio: false });
      const input = video('e2e-in');
      input.srcObject = media;
      // no ICE servers: host candidates on the namespace's own address are all a local peer needs
      const pc = new RTCPeerConnection({ iceServers: [] });
      const dc = pc.createDataChannel('parameters', { ordered: true });
      const messages = [];
      dc.onmessage = (ev) => { try { messages.push(JSON.parse(ev.data)); } catch { messages.push({ raw: ev.data }); } };
      const t = pc.addTransceiver(media.getVideoTracks()[0], { direction: 'sendrecv' });
      const vp8 = RTCRtpReceiver.getCapabilities('video').codecs.filter((c) => c.mimeType === 'video/VP8');
      t.setCodecPreferences(vp8);
      const output = video('e2e-out');
      pc.ontrack = (ev) => { output.srcObject = new MediaStream([ev.track]); output.play().catch(() => {}); };
      await pc.setLocalDescription(await pc.createOffer());
      await until(() => pc.iceGatheringState === 'complete', 3000, 'ICE gathering').catch(() => {});
      r = await post('/api/v1/webrtc/offer', { sdp: pc.localDescription.sdp, type: 'offer',
        initialParameters: { input_mode: 'video', pipeline_ids: pipelines, ...initial } });
      if (!r.ok) throw new Error('offer: ' + r.status + ' ' + await r.text());
      const answer = await r.json();
      await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      await until(() => dc.readyState === 'open', 20000, 'the data channel to open (connection '
        + pc.connectionState + ')');
      e2e.session = { pc, dc, messages, sessionId: answer.sessionId, media };
      return answer.sessionId;
    },
    // Text mode (spec 2.1 with no input): load with load_params, a bare receiving video transceiver, prompts in
    // the initial parameters. Returns the session id.
    async startText({ pipeline, loadParams = {}, initial = {} }) {
      const post = (path, body) => fetch(path, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      let r = await post('/api/v1/pipeline/load',
        { pipelines: [{ node_id: pipeline, pipeline_id: pipeline, load_params: loadParams }] });
      if (!r.ok) throw new Error('load: ' + r.status + ' ' + await r.text());
      const deadline = Date.now() + 60000;
      for (;;) {
        const s = await (await fetch('/api/v1/pipeline/status')).json();
        if (s.status === 'loaded') break;
        if (s.status === 'error' || Date.now() > deadline) throw new Error('load: ' + JSON.stringify(s));
        await sleep(200);
      }
      const pc = new RTCPeerConnection({ iceServers: [] });
      const dc = pc.createDataChannel('parameters', { ordered: true });
      const messages = [];
      dc.onmessage = (ev) => { try { messages.push(JSON.parse(ev.data)); } catch { messages.push({ raw: ev.data }); } };
      const t = pc.addTransceiver('video', { direction: 'sendrecv' });
      t.setCodecPreferences(RTCRtpReceiver.getCapabilities('video').codecs.filter((c) => c.mimeType === 'video/VP8'));
      pc.addTransceiver('audio', { direction: 'recvonly' });
      const output = video('e2e-out');
      pc.ontrack = (ev) => {
        if (ev.track.kind === 'video') { output.srcObject = new MediaStream([ev.track]); output.play().catch(() => {}); }
      };
      await pc.setLocalDescription(await pc.createOffer());
      await until(() => pc.iceGatheringState === 'complete', 3000, 'ICE gathering').catch(() => {});
      r = await post('/api/v1/webrtc/offer', { sdp: pc.localDescription.sdp, type: 'offer',
        initialParameters: { input_mode: 'text', pipeline_ids: [pipeline], ...initial } });
      if (!r.ok) throw new Error('offer: ' + r.status + ' ' + await r.text());
      const answer = await r.json();
      await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      await until(() => dc.readyState === 'open', 20000, 'the data channel to open (connection '
        + pc.connectionState + ')');
      e2e.session = { pc, dc, messages, sessionId: answer.sessionId, media: new MediaStream() };
      return answer.sessionId;
    },
    // A forked graph as Scope's UI sends it: source -> branch i's pipeline -> sink i ('output', 'output_1', ...),
    // each pipeline loaded under its own node id. Offers the camera on a sendrecv section (the first sink's), audio
    // recvonly, then one recvonly video section per further sink, and shows sink i in <video id=e2e-out-<sink>>,
    // mapping tracks to sinks by transceiver as the UI does. records: graph record nodes [{id, from}] (from: a
    // pipeline node, a sink or 'input'). Returns the session id.
    async startForked({ branches, records = [], initial = {}, width = 512, height = 512 }) {
      const post = (path, body) => fetch(path, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      let r = await post('/api/v1/pipeline/load', { pipelines: branches.map((b) => (
        { node_id: b.node, pipeline_id: b.pipeline, load_params: {} })) });
      if (!r.ok) throw new Error('load: ' + r.status + ' ' + await r.text());
      const deadline = Date.now() + 60000;
      for (;;) {
        const s = await (await fetch('/api/v1/pipeline/status')).json();
        if (s.status === 'loaded') break;
        if (s.status === 'error' || Date.now() > deadline) throw new Error('load: ' + JSON.stringify(s));
        await sleep(200);
      }
      const sinks = branches.map((b, i) => (i === 0 ? 'output' : 'output_' + i));
      const graph = {
        nodes: [{ id: 'input', type: 'source', source_mode: 'camera' },
          ...branches.map((b) => ({ id: b.node, type: 'pipeline', pipeline_id: b.pipeline })),
          ...sinks.map((id) => ({ id, type: 'sink' })),
          ...records.map((rec) => ({ id: rec.id, type: 'record' }))],
        edges: [...branches.flatMap((b, i) => [
          { from: 'input', from_port: 'video', to_node: b.node, to_port: 'video', kind: 'stream' },
          { from: b.node, from_port: 'video', to_node: sinks[i], to_port: 'video', kind: 'stream' }]),
        ...records.map((rec) => (
          { from: rec.from, from_port: 'video', to_node: rec.id, to_port: 'video', kind: 'stream' }))],
      };
      const media = await navigator.mediaDevices.getUserMedia(
        { video: { width: { ideal: width }, height: { ideal: height } }, audio: false });
      video('e2e-in').srcObject = media;
      const pc = new RTCPeerConnection({ iceServers: [] });
      const dc = pc.createDataChannel('parameters', { ordered: true });
      const messages = [];
      dc.onmessage = (ev) => { try { messages.push(JSON.parse(ev.data)); } catch { messages.push({ raw: ev.data }); } };
      const vp8 = RTCRtpReceiver.getCapabilities('video').codecs.filter((c) => c.mimeType === 'video/VP8');
      const bySink = new Map();
      const first = pc.addTransceiver(media.getVideoTracks()[0], { direction: 'sendrecv' });
      first.setCodecPreferences(vp8);
      bySink.set(first, sinks[0]);
      pc.addTransceiver('audio', { direction: 'recvonly' });
      for (let i = 1; i < sinks.length; i++) {
        const t = pc.addTransceiver('video', { direction: 'recvonly' });
        t.setCodecPreferences(vp8);
        bySink.set(t, sinks[i]);
      }
      pc.ontrack = (ev) => {
        const sink = bySink.get(ev.transceiver);
        if (ev.track.kind !== 'video' || !sink) return;
        const out = video('e2e-out-' + sink);
        out.srcObject = new MediaStream([ev.track]);
        out.play().catch(() => {});
      };
      await pc.setLocalDescription(await pc.createOffer());
      await until(() => pc.iceGatheringState === 'complete', 3000, 'ICE gathering').catch(() => {});
      r = await post('/api/v1/webrtc/offer', { sdp: pc.localDescription.sdp, type: 'offer',
        initialParameters: { input_mode: 'video', graph, ...initial } });
      if (!r.ok) throw new Error('offer: ' + r.status + ' ' + await r.text());
      const answer = await r.json();
      await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      await until(() => dc.readyState === 'open', 20000, 'the data channel to open (connection '
        + pc.connectionState + ')');
      e2e.session = { pc, dc, messages, sessionId: answer.sessionId, media, sinks };
      return answer.sessionId;
    },
    send(msg) {
      e2e.session.dc.send(JSON.stringify(msg));
      return true;
    },
    messages() {
      return e2e.session ? e2e.session.messages : [];
    },
    stop() {
      if (!e2e.session) return false;
      e2e.session.media.getTracks().forEach((t) => t.stop());
      e2e.session.pc.close();
      e2e.session = null;
      return true;
    },
  };
  window.e2e = e2e;
  return 'ready';
})();
