// Recording: the Record button toggles recording of the live session's output (POST
// /api/v1/recordings/{session}/start|stop); the server reports recording_started/_stopped on the
// data channel (with error_message when a recording failed). The list shows the recordings folder
// (GET /api/v1/recordings) with a download link for each file.

import { request } from './api.js';
import { h, fill, toast } from './dom.js';
import { on } from './state.js';
import { currentSessionId } from './stream.js';

let button = null;
let list = null;
let recording = false;

export function initRecordings(elements) {
  button = elements.button;
  list = elements.list;
  button.addEventListener('click', toggle);
  on('phase', (phase) => {
    if (phase !== 'streaming') setRecording(false);
    button.disabled = phase !== 'streaming';
  });
  on('recording', onServerMessage);
  refresh();
}

function setRecording(on) {
  recording = on;
  button.textContent = on ? 'Stop recording' : 'Record';
  button.setAttribute('aria-pressed', String(on));
  button.classList.toggle('recording', on);
}

async function toggle() {
  const id = currentSessionId();
  if (!id) return;
  button.disabled = true;
  try {
    const r = await request('POST', `/api/v1/recordings/${encodeURIComponent(id)}/${recording ? 'stop' : 'start'}`);
    setRecording(r?.status === 'started' || r?.status === 'already_recording');
    if (!recording) refresh();
  } catch (e) {
    toast(`Recording: ${e.message}`, 'error');
  } finally {
    button.disabled = !currentSessionId();
  }
}

function onServerMessage(msg) {
  if (msg.track && msg.track !== 'output') { if (msg.type === 'recording_stopped') refresh(); return; }
  if (msg.type === 'recording_started') setRecording(true);
  if (msg.type === 'recording_stopped') {
    setRecording(false);
    if (msg.error_message) toast(msg.error_message, 'error');
    refresh();
  }
}

const size = (bytes) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`);

export async function refresh() {
  let r;
  try {
    r = await request('GET', '/api/v1/recordings');
  } catch {
    return; // the list stays as it was
  }
  const files = Array.isArray(r?.files) ? r.files : [];
  fill(list, files.length
    ? files.map((f) => h('li', { dataset: { testid: 'recording-item' } },
      h('a', { href: f.url, download: f.name, dataset: { testid: 'recording-download' } }, f.name),
      ' ', h('span', { class: 'muted small' }, size(f.bytes))))
    : h('li', { class: 'muted small' }, 'No recordings yet'));
}
