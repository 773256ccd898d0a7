// A WHIP publisher and a WHEP player in the page, speaking the protocols over plain fetch (no client library):
// POST the complete offer as application/sdp, apply the answer from the 201, DELETE the Location to end.
(() => {
  if (window.whipWhep) return 'ready';

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

  function gathered(pc) {
    return new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
    });
  }

  async function exchange(pc, url) {
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp' },
      body: pc.localDescription.sdp });
    const body = await res.text();
    const result = { status: res.status, location: res.headers.get('Location'), etag: res.headers.get('ETag'),
      contentType: res.headers.get('Content-Type'), detail: res.status === 201 ? null : body };
    if (res.status === 201) await pc.setRemoteDescription({ type: 'answer', sdp: body });
    return result;
  }

  window.whipWhep = {
    // Sends the (fake) camera, shown in #whip-in, to a WHIP endpoint.
    async publish(url) {
      const camera = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
      video('whip-in').srcObject = camera;
      const pc = new RTCPeerConnection();
      pc.addTransceiver(camera.getVideoTracks()[0], { direction: 'sendonly' });
      this.publisher = pc;
      return exchange(pc, url);
    },
    // Plays a WHEP endpoint's video in #whep-out.
    async play(url) {
      const pc = new RTCPeerConnection();
      pc.addTransceiver('video', { direction: 'recvonly' });
      pc.addEventListener('track', (ev) => { video('whep-out').srcObject = new MediaStream([ev.track]); });
      this.player = pc;
      return exchange(pc, url);
    },
    states() {
      return { publisher: this.publisher?.connectionState, player: this.player?.connectionState };
    },
    async remove(location) {
      return (await fetch(location, { method: 'DELETE' })).status;
    },
  };
  return 'ready';
})();
