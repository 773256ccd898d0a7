// Turns a pipeline's `config_schema` (Pydantic v2 JSON Schema with per-field `ui`
// metadata) into field descriptors the settings panel renders. Pure functions, no DOM.

/** Follows `$ref` into `$defs` and unwraps `anyOf [X, {type:null}]`. */
export function resolveProp(schema, prop) {
  const defs = schema?.$defs || schema?.definitions || {};
  const deref = (p) => {
    if (p && p.$ref) {
      const name = p.$ref.split('/').pop();
      return { ...(defs[name] || {}), ...omit(p, '$ref') };
    }
    return p || {};
  };
  let p = deref(prop);
  let nullable = p.type === 'null';
  if (Array.isArray(p.anyOf) || Array.isArray(p.oneOf)) {
    const branches = (p.anyOf || p.oneOf).map(deref);
    const nonNull = branches.filter((b) => b.type !== 'null');
    nullable = nonNull.length !== branches.length;
    // Outer keys (title, default, description, ui) win over the branch's own.
    p = { ...(nonNull[0] || {}), ...omit(p, 'anyOf', 'oneOf') };
  }
  if (Array.isArray(p.type)) {
    nullable = nullable || p.type.includes('null');
    p = { ...p, type: p.type.find((t) => t !== 'null') };
  }
  return { ...p, nullable };
}

function omit(o, ...keys) {
  const r = { ...o };
  for (const k of keys) delete r[k];
  return r;
}

/**
 * Widget inference (the seed's table): boolean -> toggle, enum/$ref -> enum,
 * string -> text, number/integer with minimum AND maximum -> slider, other numbers -> number.
 * Arrays of numbers become an editable list; anything else a JSON text box.
 */
export function inferWidget(r) {
  if (Array.isArray(r.enum)) return 'enum';
  switch (r.type) {
    case 'boolean': return 'toggle';
    case 'string': return 'text';
    case 'integer':
    case 'number':
      return r.minimum != null && r.maximum != null ? 'slider' : 'number';
    case 'array': {
      const it = r.items || {};
      return it.type === 'integer' || it.type === 'number' ? 'list' : 'json';
    }
    default: return 'json';
  }
}

export function titleCase(name) {
  return name.split('_').map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w)).join(' ');
}

/** Field descriptors for every property that carries `ui` metadata; others stay hidden. */
export function parseFields(schema) {
  const props = schema?.properties || {};
  const out = [];
  for (const [name, prop] of Object.entries(props)) {
    const ui = prop?.ui;
    if (!ui || typeof ui !== 'object') continue;
    const r = resolveProp(schema, prop);
    out.push({
      name,
      resolved: r,
      ui,
      label: ui.label || r.title || titleCase(name),
      description: r.description || '',
      widget: inferWidget(r),
      isLoad: ui.is_load_param === true,
      category: ui.category === 'input' ? 'input' : 'configuration',
      order: typeof ui.order === 'number' ? ui.order : Number.MAX_SAFE_INTEGER,
      modes: Array.isArray(ui.modes) ? ui.modes : null,
      component: ui.component || null,
      default: r.default !== undefined ? r.default : null,
    });
  }
  return out;
}

export const visibleIn = (field, mode) => !field.modes || field.modes.includes(mode);

/**
 * Groups fields for one panel: fields sharing a `ui.component` become one item placed at
 * the smallest order among them; items are sorted by order then name (stable across renders).
 */
export function layoutItems(fields, { category, mode }) {
  const items = [];
  const byComponent = new Map();
  for (const f of fields) {
    if (f.category !== category || !visibleIn(f, mode)) continue;
    if (f.component) {
      let item = byComponent.get(f.component);
      if (!item) {
        item = { kind: 'component', component: f.component, fields: [], order: f.order, name: f.component };
        byComponent.set(f.component, item);
        items.push(item);
      }
      item.fields.push(f);
      item.order = Math.min(item.order, f.order);
    } else {
      items.push({ kind: 'field', field: f, order: f.order, name: f.name });
    }
  }
  items.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  for (const it of items) if (it.fields) it.fields.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  return items;
}

/** Schema defaults for every ui field, overlaid with `mode_defaults[mode]`. */
export function defaultValues(entry, mode) {
  const values = {};
  for (const f of parseFields(entry?.config_schema)) values[f.name] = clone(f.default);
  Object.assign(values, modeOverrides(entry, mode));
  return values;
}

/** The mode's overrides restricted to fields the schema knows. */
export function modeOverrides(entry, mode) {
  const md = entry?.mode_defaults?.[mode] || {};
  const props = entry?.config_schema?.properties || {};
  const out = {};
  for (const [k, v] of Object.entries(md)) if (k in props) out[k] = clone(v);
  return out;
}

export const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/** A slider step that gives ~100+ positions over the range, 1 for integers. */
export function sliderStep(r) {
  if (r.type === 'integer') return 1;
  if (typeof r.multipleOf === 'number') return r.multipleOf;
  const range = Math.abs((r.maximum ?? 1) - (r.minimum ?? 0)) || 1;
  for (const s of [0.001, 0.01, 0.1, 1]) if (range / s <= 1000) return s;
  return 1;
}

/** Data-channel / initialParameters key for a schema field (Scope's runtime names differ for a few). */
export const RUNTIME_KEY = { denoising_steps: 'denoising_step_list' };
export const runtimeKey = (name) => RUNTIME_KEY[name] || name;
export const schemaKey = (key) => Object.keys(RUNTIME_KEY).find((k) => RUNTIME_KEY[k] === key) || key;
