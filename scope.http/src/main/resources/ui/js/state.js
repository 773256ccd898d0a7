// Application state shared by the panels, with a minimal publish/subscribe.
// Panels read `state` directly and re-render on the events they care about.

const listeners = new Map();

export const state = {
  schemas: {},          // pipeline_id -> schemas entry
  filtered: {},         // pipeline_id -> reason it is unavailable
  hardware: null,       // GET /api/v1/hardware/info, or null

  mainId: null,         // selected main pipeline
  pre: [],              // selected preprocessor ids, in chain order
  post: [],             // selected postprocessor ids, in chain order
  mode: 'text',         // input mode: 'text' | 'video'
  source: 'camera',     // video input: 'camera' | 'file'

  values: {},           // schema field name -> value (main pipeline)
  extras: { vace_enabled: false, loras: [] }, // load-time knobs that are not schema fields

  prompts: [{ text: '', weight: 100 }],
  interpolation: 'linear',                      // spatial blend of several prompts
  transition: { steps: 0, method: 'slerp' },    // temporal blend when prompts change live

  phase: 'idle',        // idle | loading | connecting | streaming
  paused: false,
  workflowName: '',
};

export function on(event, fn) {
  if (!listeners.has(event)) listeners.set(event, new Set());
  listeners.get(event).add(fn);
  return () => listeners.get(event).delete(fn);
}

export function emit(event, detail) {
  for (const fn of listeners.get(event) || []) {
    try { fn(detail); } catch (e) { console.warn(`listener for ${event} failed`, e); }
  }
}

export const mainEntry = () => (state.mainId ? state.schemas[state.mainId] : null);
export const isLive = () => state.phase === 'streaming' || state.phase === 'connecting';
export const isBusy = () => state.phase !== 'idle';

/** Ordered chain of pipeline ids: preprocessors, main, postprocessors. */
export const chain = () => [...state.pre, ...(state.mainId ? [state.mainId] : []), ...state.post];
