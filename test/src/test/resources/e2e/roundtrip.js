// Round-trip latency probe: a 512x512 canvas drawn at 30 fps carries a frame counter as a barcode (top band: 16
// bits, black/white cells 32 px wide; second band: the complement, as a check). The returned frames are decoded
// one by one (MediaStreamTrackProcessor: every decoded frame, independent of painting) and matched with the time
// each counter was drawn.
(() => {
  if (window.rt) return 'ready';
  const S = 512;
  const BITS = 16;
  const CELL = S / BITS;
  const canvas = document.createElement('canvas');
  canvas.width = S;
  canvas.height = S;
  const g = canvas.getContext('2d');
  const sent = new Map();
  const rt = { drawn: 0, received: 0, decoded: 0, rejected: 0, latencies: [], recording: false };
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
  function decode(frame) {
    o.drawImage(frame, 0, 0, frame.displayWidth, 128 * frame.displayHeight / S, 0, 0, S, 128);
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
  rt.receive = async (track) => {
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    for (;;) {
      const { value: frame, done } = await reader.read();
      if (done) return;
      const now = performance.now();
      rt.received++;
      const counter = decode(frame);
      frame.close();
      if (counter < 0 || !sent.has(counter)) { rt.rejected++; continue; }
      rt.decoded++;
      if (rt.recording) rt.latencies.push(now - sent.get(counter));
    }
  };
  rt.mark = () => ({ drawn: rt.drawn, received: rt.received, decoded: rt.decoded, rejected: rt.rejected, t: performance.now() });
  window.rt = rt;
  return 'ready';
})();
