// Bootstraps the page: fetches schemas and server info, wires the panels together,
// handles tabs (hash routing, so no server-side route is needed) and drag-and-drop import.

import { api } from './api.js';
import { $, toast } from './dom.js';
import { state, on, emit, isBusy } from './state.js';
import { initPipelines, selectPipeline } from './pipelines.js';
import { initSettings } from './settings.js';
import { initPrompts } from './prompts.js';
import { initInput } from './input.js';
import { initStream, start, stop, togglePause } from './stream.js';
import { initStats } from './stats.js';
import { initConnect } from './connect.js';
import { initRecordings } from './recordings.js';
import { initPlugins, showPlugins } from './plugins.js';
import { initWorkflow, exportWorkflow, importFile, setServerVersion } from './workflow.js';

function wire() {
  initPipelines({ pipeline: $('#pipeline-box'), pre: $('#pre-box'), post: $('#post-box'), mode: $('#mode-box'), models: $('#models-box') });
  initSettings($('#config-panel'), $('#input-panel'));
  initPrompts($('#prompts-box'));
  initInput($('#source-box'), $('#input-preview'));
  initStats({
    canvas: $('#stats-chart'),
    values: {
      fps: $('#stat-fps'), pipelineFps: $('#stat-pipeline-fps'), latency: $('#stat-latency'), ttff: $('#stat-ttff'),
      bitrate: $('#stat-bitrate'), resolution: $('#stat-resolution'), dropped: $('#stat-dropped'),
    },
  });
  initPlugins($('#plugins-box'));
  initConnect({ links: $('#connect-links'), osc: $('#osc-addresses') });
  initRecordings({ button: $('#record-button'), list: $('#recordings-list') });
  initWorkflow({ report: $('#workflow-report') });

  const errorBox = $('#status-error');
  initStream({
    output: $('#output-video'),
    setStatus: (t) => { $('#status-stage').textContent = t || ''; },
    setError: (t) => {
      errorBox.hidden = !t;
      errorBox.textContent = t || '';
    },
  });

  const startBtn = $('#start-button');
  const stopBtn = $('#stop-button');
  const pauseBtn = $('#pause-button');
  startBtn.addEventListener('click', start);
  stopBtn.addEventListener('click', stop);
  pauseBtn.addEventListener('click', togglePause);

  const syncButtons = () => {
    const busy = isBusy();
    startBtn.disabled = busy || !state.mainId;
    stopBtn.disabled = !busy;
    pauseBtn.disabled = state.phase !== 'streaming';
    pauseBtn.textContent = state.paused ? 'Resume' : 'Pause';
    pauseBtn.setAttribute('aria-pressed', String(state.paused));
    const phase = $('#status-phase');
    phase.textContent = state.paused && state.phase === 'streaming' ? 'paused' : state.phase;
    phase.dataset.phase = state.phase;
    $('#stage-empty').hidden = state.phase === 'streaming';
    // import works while streaming (runtime values go live); not while a load or connection is in flight
    $('#import-input').disabled = busy && state.phase !== 'streaming';
    document.body.classList.toggle('busy', busy);
  };
  on('phase', syncButtons);
  on('paused', syncButtons);
  on('pipeline', syncButtons);

  const syncPip = () => { document.querySelector('.pip').hidden = state.mode === 'text'; };
  on('pipeline', syncPip);
  on('mode', syncPip);

  // Workflow name / export / import.
  const nameInput = $('#workflow-name');
  nameInput.addEventListener('input', () => { state.workflowName = nameInput.value; });
  on('workflow', () => { nameInput.value = state.workflowName; });
  $('#export-button').addEventListener('click', async () => {
    try { await exportWorkflow($('#export-link-holder')); } catch (e) { toast(e.message, 'error'); }
  });
  const importInput = $('#import-input');
  importInput.addEventListener('change', async () => {
    const f = importInput.files[0];
    importInput.value = '';
    if (f) await importFile(f);
  });
  wireDrop();

  // Tabs.
  const route = () => {
    const plugins = location.hash === '#plugins';
    $('#page-stream').hidden = plugins;
    $('#page-plugins').hidden = !plugins;
    $('#tab-stream').setAttribute('aria-current', plugins ? 'false' : 'page');
    $('#tab-plugins').setAttribute('aria-current', plugins ? 'page' : 'false');
    if (plugins) showPlugins();
  };
  window.addEventListener('hashchange', route);
  route();
  syncButtons();
}

function wireDrop() {
  const overlay = $('#drop-overlay');
  let depth = 0;
  const hasFiles = (e) => [...(e.dataTransfer?.types || [])].includes('Files');
  window.addEventListener('dragenter', (e) => { if (!hasFiles(e)) return; depth++; overlay.hidden = false; });
  window.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; overlay.hidden = true; } });
  window.addEventListener('dragover', (e) => { if (hasFiles(e)) e.preventDefault(); });
  window.addEventListener('drop', async (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const f = [...e.dataTransfer.files].find((x) => /\.json$/i.test(x.name) || x.type === 'application/json');
    if (f) await importFile(f);
    else toast('Drop a .json workflow file to import it.', 'warn');
  });
}

async function loadServerInfo() {
  try {
    const h = await api.health();
    $('#server-version').textContent = h?.version ? `v${h.version}` : '';
    $('#server-health').textContent = h?.git_commit && !/unknown/i.test(h.git_commit) ? `(${h.git_commit})` : '';
    setServerVersion(h?.version || null);
  } catch (e) {
    $('#server-version').textContent = '(server unreachable)';
  }
  api.hardware().then((hw) => { state.hardware = hw; emit('values'); }).catch(() => {});
}

async function loadSchemas() {
  try {
    const r = await api.schemas();
    state.schemas = {};
    for (const [id, e] of Object.entries(r?.pipelines || {})) state.schemas[id] = { ...e, id: e.id || id };
    state.filtered = r?.filtered || {};
    const mains = Object.values(state.schemas).filter((e) => !(e.usage || []).length);
    if (mains.length) selectPipeline((mains.find((e) => e.id === 'longlive') || mains.sort((a, b) => a.id.localeCompare(b.id))[0]).id);
    else emit('pipeline');
  } catch (e) {
    $('#status-error').hidden = false;
    $('#status-error').textContent = `Could not load pipelines: ${e.message}`;
    emit('pipeline');
  }
}

wire();
loadServerInfo();
loadSchemas();
