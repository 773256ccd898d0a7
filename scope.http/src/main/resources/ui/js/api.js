// HTTP helpers for the Scope REST API. Every error becomes an ApiError whose
// message is the server's `detail` rendered as text (string, list or object).

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** Renders FastAPI-style `detail` (string | [{loc,msg}] | object) as one line of text. */
export function detailText(body, fallback = 'Request failed') {
  if (body == null) return fallback;
  const d = typeof body === 'object' && 'detail' in body ? body.detail : body;
  if (typeof d === 'string') return d;
  if (Array.isArray(d)) {
    return d.map((e) => {
      if (e && typeof e === 'object' && e.msg) {
        const loc = Array.isArray(e.loc) ? e.loc.filter((p) => p !== 'body').join('.') : '';
        return loc ? `${loc}: ${e.msg}` : e.msg;
      }
      return typeof e === 'string' ? e : JSON.stringify(e);
    }).join('; ');
  }
  if (d && typeof d === 'object') return d.message || JSON.stringify(d);
  return fallback;
}

export async function request(method, path, body, { timeoutMs = 30000 } = {}) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: body !== undefined ? { 'Content-Type': 'application/json' } : undefined,
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: ctl.signal,
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, ctl.signal.aborted ? `${method} ${path} timed out` : `Cannot reach server (${e.message})`);
  } finally {
    clearTimeout(timer);
  }
  const text = await res.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (!res.ok) {
    throw new ApiError(res.status, detailText(json, `${res.status} ${res.statusText || 'error'}`.trim()), json);
  }
  return json;
}

export const api = {
  health: () => request('GET', '/health'),
  schemas: () => request('GET', '/api/v1/pipelines/schemas'),
  hardware: () => request('GET', '/api/v1/hardware/info'),
  modelStatus: (id) => request('GET', `/api/v1/models/status?pipeline_id=${encodeURIComponent(id)}`),
  downloadModels: (id) => request('POST', '/api/v1/models/download', { pipeline_id: id }),
  load: (pipelines) => request('POST', '/api/v1/pipeline/load', { pipelines }),
  status: () => request('GET', '/api/v1/pipeline/status'),
  iceServers: () => request('GET', '/api/v1/webrtc/ice-servers', undefined, { timeoutMs: 5000 }),
  offer: (body) => request('POST', '/api/v1/webrtc/offer', body),
  trickle: (sessionId, candidates) =>
    request('PATCH', `/api/v1/webrtc/offer/${encodeURIComponent(sessionId)}`, { candidates }),
  plugins: () => request('GET', '/api/v1/plugins'),
  loras: () => request('GET', '/api/v1/loras'),
  resolveWorkflow: (wf) => request('POST', '/api/v1/workflow/resolve', wf),
};
