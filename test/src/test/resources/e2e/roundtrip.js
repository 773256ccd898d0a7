// Round-trip latency probe, measured as a viewer sees it. A 512x512 canvas drawn at 30 fps carries a frame counter
// as a barcode (top band: 16 bits, black/white cells 32 px wide; second band: the complement, as a check). A returned
// track plays in a <video>; requestVideoFrameCallback fires for every frame the compositor presents and gives its
// presentationTime, expectedDisplayTime and receiveTime (last packet in); the counter is read from the presented frame by drawing the video into a canvas in the
// callback. getStats on the receiving peer connection is sampled every 100 ms for the jitter buffer, decode and
// processing means. A reference stream - the same canvas track sent from one browser peer connection to another in
// this page - is measured the same way.
(() => {
  if (window.rt) return 'ready';
  const S = 512;
  const BITS = 16;
  const CELL = S / BITS;
  const STATS_PERIOD_MS = 100;
  const canvas = document.createElement('canvas');
  canvas.width = S;
  canvas.height = S;
  const g = canvas.getContext('2d');
  const sent = new Map();
  const rt = { drawn: 0, probes: {} };
  let n = 0;
  function draw() {
    n = (n + 1) & 0xffff;
    g.fillStyle = `hsl(${(n * 7) % 360}, 60%, 45%)`; // moving content, as a real source has
    g.fillRect(0, 0, S, S);
    for (let b = 0; b < BITS; b++) {
      const bit = (n >> b) & 1;
      g.fillStyle = bit ? '#fff' : '#000';
      g.fillRect(b * CELL, 0, CELL, 64);
      g.fillStyle = bit ? '#000' : '#fff';
      g.fillRect(b * CELL, 64, CELL, 64);
    }
    sent.set(n, performance.now());
    sent.delete((n - 300) & 0xffff);
    rt.drawn++;
  }
  draw();
  setInterval(draw, 1000 / 30);
  rt.track = canvas.captureStream(30).getVideoTracks()[0];

  const out = new OffscreenCanvas(S, 128);
  const o = out.getContext('2d', { willReadFrequently: true });
  function readCounter(source, width, height) {
    o.drawImage(source, 0, 0, width, 128 * height / S, 0, 0, S, 128);
    const top = o.getImageData(0, 32, S, 1).data;
    const check = o.getImageData(0, 96, S, 1).data;
    let value = 0;
    for (let b = 0; b < BITS; b++) {
      const x = (b * CELL + CELL / 2) * 4;
      const bit = top[x + 1] > 128;
      if (bit === (check[x + 1] > 128)) return -1; // complement band disagrees: not a clean read
      if (bit) value |= 1 << b;
    }
    return value;
  }

  // The receiving side's inbound video statistics, summed over its video inbound-rtp entries.
  async function inbound(pc) {
    const s = { jitterBufferDelay: 0, jitterBufferEmittedCount: 0, totalDecodeTime: 0, framesDecoded: 0,
      totalProcessingDelay: 0, framesDropped: 0, framesReceived: 0, keyFramesDecoded: 0, totalAssemblyTime: 0,
      framesAssembledFromMultiplePackets: 0, jitterBufferTargetDelay: 0, jitterBufferMinimumDelay: 0,
      nackCount: 0, packetsLost: 0 };
    if (!pc) return s; // not connected yet
    (await pc.getStats()).forEach((r) => {
      if (r.type !== 'inbound-rtp' || r.kind !== 'video') return;
      for (const k of Object.keys(s)) s[k] += r[k] || 0;
    });
    return s;
  }

  // Watches one <video> (shown on top of the page, so the compositor presents it) and its receiving connection
  // (a function: the connection may not exist yet).
  function probe(id, video, pc) {
    video.style.cssText = 'position:fixed;top:0;z-index:99999;width:256px;height:256px;left:'
      + (Object.keys(rt.probes).length * 260) + 'px';
    const p = { id, video, pc, recording: false, callbacks: 0, read: 0, rejected: 0, presentedFrames: 0,
      frames: [], intervals: [], stats: null, timer: null };
    const cb = (now, md) => {
      p.callbacks++;
      p.presentedFrames = md.presentedFrames;
      const counter = video.videoWidth ? readCounter(video, video.videoWidth, video.videoHeight) : -1;
      if (counter < 0 || !sent.has(counter)) {
        p.rejected++;
      } else {
        p.read++;
        if (p.recording) {
          p.frames.push({ drawn: sent.get(counter), presentation: md.presentationTime,
            expected: md.expectedDisplayTime, receive: md.receiveTime ?? null, callback: now });
        }
      }
      video.requestVideoFrameCallback(cb);
    };
    video.requestVideoFrameCallback(cb);
    rt.probes[id] = p;
    return p;
  }

  // Starts a round: forgets earlier samples and samples getStats every 100 ms until end().
  rt.begin = async (id) => {
    const p = rt.probes[id];
    p.frames = [];
    p.intervals = [];
    p.first = await inbound(p.pc());
    p.firstPresented = p.presentedFrames;
    p.firstDrawn = rt.drawn;
    p.firstAt = performance.now();
    let last = p.first;
    p.recording = true;
    p.timer = setInterval(async () => {
      const s = await inbound(p.pc());
      const emitted = s.jitterBufferEmittedCount - last.jitterBufferEmittedCount;
      const decoded = s.framesDecoded - last.framesDecoded;
      if (emitted > 0 && decoded > 0) {
        p.intervals.push({
          jitterBuffer: 1000 * (s.jitterBufferDelay - last.jitterBufferDelay) / emitted,
          jitterTarget: 1000 * (s.jitterBufferTargetDelay - last.jitterBufferTargetDelay) / emitted,
          decode: 1000 * (s.totalDecodeTime - last.totalDecodeTime) / decoded,
          processing: 1000 * (s.totalProcessingDelay - last.totalProcessingDelay) / decoded,
        });
      }
      last = s;
    }, STATS_PERIOD_MS);
    return true;
  };

  // Ends a round: the presented frames' times, the interval means, and the round's counter deltas.
  rt.end = async (id) => {
    const p = rt.probes[id];
    p.recording = false;
    clearInterval(p.timer);
    const s = await inbound(p.pc());
    const delta = {};
    for (const k of Object.keys(s)) delta[k] = s[k] - p.first[k];
    return { frames: p.frames, intervals: p.intervals, delta, presented: p.presentedFrames - p.firstPresented,
      drawn: rt.drawn - p.firstDrawn, seconds: (performance.now() - p.firstAt) / 1000, rejected: p.rejected };
  };

  // Watches the server's returned stream: made before the session starts, so its first frames are seen too (the
  // harness's start() plays the returned track in this <video id=e2e-out>).
  rt.watchServer = () => {
    const video = document.createElement('video');
    video.id = 'e2e-out';
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    document.body.appendChild(video);
    probe('server', video, () => e2e.session?.pc);
    return true;
  };

  // The reference: the same canvas track sent from one page peer connection to another (VP8, as the server's
  // stream), played and watched like the server's stream.
  rt.startReference = async () => {
    const a = new RTCPeerConnection({ iceServers: [] });
    const b = new RTCPeerConnection({ iceServers: [] });
    a.onicecandidate = (ev) => ev.candidate && b.addIceCandidate(ev.candidate);
    b.onicecandidate = (ev) => ev.candidate && a.addIceCandidate(ev.candidate);
    // a capture track of its own: the server stream's track is stopped when that session ends
    const t = a.addTransceiver(canvas.captureStream(30).getVideoTracks()[0], { direction: 'sendonly' });
    t.setCodecPreferences(RTCRtpReceiver.getCapabilities('video').codecs.filter((c) => c.mimeType === 'video/VP8'));
    const video = document.createElement('video');
    video.id = 'rt-ref';
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    document.body.appendChild(video);
    b.ontrack = (ev) => { video.srcObject = new MediaStream([ev.track]); video.play().catch(() => {}); };
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription);
    rt.reference = { a, b };
    probe('reference', video, () => b);
    return true;
  };
  rt.stopReference = () => {
    if (!rt.reference) return false;
    rt.reference.a.close();
    rt.reference.b.close();
    return true;
  };
  rt.read = (id) => (rt.probes[id] ? rt.probes[id].read : 0);
  window.rt = rt;
  return 'ready';
})();
