// Page helpers of the cluster benchmark (scope.test.bench.ClusterBenchmark): sessions fed by a moving canvas,
// opened against the gateway or a worker directly, timed from before the offer to the first presented frame.
window.cb = (() => {
  const canvas = document.createElement('canvas');
  canvas.width = 512; canvas.height = 512;
  const ctx = canvas.getContext('2d');
  let n = 0;
  setInterval(() => {
    n++;
    ctx.fillStyle = `hsl(${(n * 7) % 360} 80% 50%)`; ctx.fillRect(0, 0, 512, 512);
    ctx.fillStyle = '#fff'; ctx.fillRect((n * 8) % 480, 200, 32, 32);
  }, 1000 / 30);
  const track = canvas.captureStream(30).getVideoTracks()[0];
  const sessions = {};
  let next = 0;
  return {
    // opens a session: base '' (the page's server) or a worker's origin; headers for a worker (its secret)
    async open(base, headers, pipelines) {
      const t0 = performance.now();
      const pc = new RTCPeerConnection({ iceServers: [] });
      pc.createDataChannel('parameters', { ordered: true });
      const t = pc.addTransceiver(track, { direction: 'sendrecv' });
      t.setCodecPreferences(RTCRtpReceiver.getCapabilities('video').codecs.filter((c) => c.mimeType === 'video/VP8'));
      const video = document.createElement('video');
      video.muted = true; video.autoplay = true; video.playsInline = true;
      document.body.appendChild(video);
      const s = { pc, video, frames: 0, first: null, base, headers };
      const onFrame = () => { s.frames++; if (s.first === null) s.first = performance.now(); video.requestVideoFrameCallback(onFrame); };
      video.requestVideoFrameCallback(onFrame);
      pc.ontrack = (ev) => { video.srcObject = new MediaStream([ev.track]); video.play().catch(() => {}); };
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise((r) => { const to = setTimeout(r, 3000);
        pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') { clearTimeout(to); r(); } }; });
      const r = await fetch(base + '/api/v1/webrtc/offer', { method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ sdp: pc.localDescription.sdp, type: 'offer',
          initialParameters: { input_mode: 'video', pipeline_ids: pipelines } }) });
      if (!r.ok) throw new Error('offer: ' + r.status + ' ' + await r.text());
      const answer = await r.json();
      await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      const deadline = performance.now() + 20000;
      while (s.first === null && performance.now() < deadline) await new Promise((x) => setTimeout(x, 10));
      if (s.first === null) throw new Error('no frame within 20 s (connection ' + pc.connectionState + ')');
      s.sessionId = answer.sessionId;
      const id = 'c' + (next++);
      sessions[id] = s;
      return { id, sessionId: answer.sessionId, worker: answer.worker || null, firstFrameMs: s.first - t0 };
    },
    frames(id) { return sessions[id].frames; },
    async close(id) {
      const s = sessions[id];
      s.pc.close(); s.video.remove();
      await fetch(s.base + '/api/v1/webrtc/offer/' + encodeURIComponent(s.sessionId), { method: 'DELETE', headers: s.headers });
      delete sessions[id];
      return true;
    },
  };
})();
true;
