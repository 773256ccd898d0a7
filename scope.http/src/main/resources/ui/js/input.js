// Video input: camera (getUserMedia) or a local video file played into a <video> and
// captured with captureStream(). Text mode has no input track.

import { h, fill } from './dom.js';
import { state, on, isBusy } from './state.js';

let root = null;
let preview = null;     // <video> showing what is sent
let fileUrl = null;     // object URL of the chosen file
let fileName = '';
let camStream = null;

export function initInput(el, previewEl) {
  root = el;
  preview = previewEl;
  on('pipeline', render);
  on('mode', render);
  on('phase', render);
  render();
}

function render() {
  if (!root) return;
  const video = state.mode !== 'text';
  root.closest('.input-box')?.toggleAttribute('hidden', !video);
  if (!video) { fill(root); return; }
  const busy = isBusy();
  const sel = h('select', { id: 'source-select', dataset: { testid: 'source-select' }, disabled: busy,
    onchange: () => { state.source = sel.value; render(); } },
  h('option', { value: 'camera', selected: state.source === 'camera' }, 'Camera'),
  h('option', { value: 'file', selected: state.source === 'file' }, 'Video file'));
  const file = h('input', { type: 'file', id: 'video-file-input', accept: 'video/*', dataset: { testid: 'video-file-input' }, disabled: busy,
    onchange: () => { if (file.files[0]) useFile(file.files[0]); render(); } });
  fill(root,
    h('label', { for: 'source-select' }, 'Source'), sel,
    state.source === 'file' ? [h('label', { for: 'video-file-input', class: 'sr-only' }, 'Video file'), file,
      fileName ? h('span', { class: 'small muted', dataset: { testid: 'video-file-name' } }, fileName) : null] : null);
}

function useFile(f) {
  if (fileUrl) URL.revokeObjectURL(fileUrl);
  fileUrl = URL.createObjectURL(f);
  fileName = f.name;
  preview.srcObject = null;
  preview.src = fileUrl;
  preview.loop = true;
  preview.muted = true;
  preview.play().catch(() => {});
}

/** The track to send, or null in text mode. Throws with a readable message on failure. */
export async function acquireInputTrack() {
  if (state.mode === 'text') return null;
  if (state.source === 'file') {
    if (!fileUrl) throw new Error('Choose a video file first.');
    if (preview.src !== fileUrl) preview.src = fileUrl;
    await preview.play().catch(() => {});
    const capture = preview.captureStream || preview.mozCaptureStream;
    if (!capture) throw new Error('This browser cannot capture a video element (captureStream).');
    const stream = capture.call(preview);
    const track = stream.getVideoTracks()[0];
    if (!track) throw new Error('The video file has no video track.');
    return track;
  }
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('Camera access needs a secure context (https or localhost).');
  const w = Number(state.values.width) || 512;
  const hgt = Number(state.values.height) || 512;
  try {
    camStream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: w }, height: { ideal: hgt } }, audio: false });
  } catch (e) {
    throw new Error(`Camera unavailable: ${e.message || e.name}`);
  }
  preview.removeAttribute('src');
  preview.srcObject = camStream;
  preview.muted = true;
  preview.play().catch(() => {});
  return camStream.getVideoTracks()[0];
}

export function releaseInput() {
  if (camStream) {
    camStream.getTracks().forEach((t) => t.stop());
    camStream = null;
    preview.srcObject = null;
  }
}
