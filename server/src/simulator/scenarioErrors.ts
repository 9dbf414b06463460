/**
 * Checks an untrusted value against the scenario schema with TypeBox (`Errors`, which interprets the
 * schema: no code generation, so it also runs under the webview's content security policy) and words
 * each failure for people: "usage.sessions[0].at: expected a time of day "HH:MM" (00:00–24:00), got "8am"".
 * The wording comes from the schema itself (its ranges, choices and EXPECTED phrases), so a new
 * field needs no new message.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { Errors, ValueErrorType } from '@sinclair/typebox/errors';
import { EXPECTED, REQUIRED_HINT, ScenarioFileSchema } from './scenarioSchema';

/** Past this many, the list stops: the first ones are what to fix, and a hostile file cannot flood the panel. */
export const MAX_SCENARIO_ERRORS = 50;

type Schema = TSchema & { [EXPECTED]?: string; [REQUIRED_HINT]?: string };

class ErrorList {
  readonly lines: string[] = [];
  full = false;

  add(path: string, message: string): void {
    if (this.full) return;
    if (this.lines.length >= MAX_SCENARIO_ERRORS) {
      this.lines.push(`(more errors not shown: fix these ${MAX_SCENARIO_ERRORS} first)`);
      this.full = true;
      return;
    }
    this.lines.push(`${path || '(root)'}: ${message}`);
  }
}

/** Readable errors for a scenario file's JSON value; empty when it is valid. */
export function scenarioErrors(value: unknown): string[] {
  const list = new ErrorList();
  // TypeBox visits every item of a list even when there are too many; a list of a million junk items
  // would take seconds. Too-long lists are found first, without looking inside them, and reported alone.
  oversizedLists(ScenarioFileSchema, value, '', list);
  if (list.lines.length > 0) return list.lines;
  collect(ScenarioFileSchema, value, '', list);
  checkDurationOrder(value, list);
  return list.lines;
}

/** Lists longer than their schema's maxItems, found by walking the schema (never more items than it allows). */
function oversizedLists(schema: Schema, v: unknown, path: string, list: ErrorList): void {
  const s = schema as Schema & { maxItems?: number; items?: Schema; properties?: Record<string, Schema>; patternProperties?: Record<string, Schema>; anyOf?: Schema[] };
  if (Array.isArray(v) && s[Kind] === 'Array') {
    if (s.maxItems !== undefined && v.length > s.maxItems) return list.add(path, `expected at most ${s.maxItems} items, got ${v.length}`);
    v.forEach((item, i) => oversizedLists(s.items!, item, `${path}[${i}]`, list));
  } else if (isPlainObject(v) && s.properties) {
    for (const [key, sub] of Object.entries(s.properties)) if (Object.hasOwn(v, key)) oversizedLists(sub, v[key], path ? `${path}.${key}` : key, list);
  } else if (isPlainObject(v) && s.patternProperties) {
    const sub = Object.values(s.patternProperties)[0];
    for (const [key, item] of Object.entries(v)) oversizedLists(sub, item, `${path}[${JSON.stringify(key)}]`, list);
  } else if (s.anyOf) {
    for (const branch of s.anyOf) if (branch[Kind] === 'Array' || branch[Kind] === 'Object') oversizedLists(branch, v, path, list);
  }
}

function collect(root: Schema, value: unknown, base: string, list: ErrorList): void {
  const seen = new Set<string>();
  /** Locations whose own shape is wrong (not an object, too many items): what lies below is not reported. */
  const cut: string[] = [];
  for (const e of Errors(root, value)) {
    if (list.full) return;
    if (seen.has(e.path) || cut.some((c) => e.path.startsWith(`${c}/`))) continue;
    seen.add(e.path);
    const schema = e.schema as Schema;
    const path = displayPath(root, e.path, base);
    switch (e.type) {
      case ValueErrorType.ObjectAdditionalProperties:
        list.add(path, `unknown property (allowed: ${allowedKeys(schema)})`);
        break;
      case ValueErrorType.ObjectRequiredProperty:
        list.add(path, schema[REQUIRED_HINT] ? `required: ${schema[REQUIRED_HINT]}` : 'required');
        break;
      case ValueErrorType.Union:
        unionError(schema, e.value, path, list);
        break;
      default:
        if (e.type === ValueErrorType.ArrayMaxItems || e.type === ValueErrorType.Object || e.type === ValueErrorType.Array) cut.push(e.path);
        list.add(path, explain(schema, e.value));
    }
  }
}

/** The property names an object takes; a long list is cut (the editor's completion offers them all). */
function allowedKeys(schema: Schema): string {
  const keys = Object.keys((schema as { properties?: object }).properties ?? {});
  const shown = 15;
  return keys.length <= shown ? keys.join(', ') : `${keys.slice(0, shown).join(', ')} and ${keys.length - shown} more`;
}

/** What was expected of a value of this schema, and what came. */
function explain(schema: Schema, v: unknown): string {
  const got = describe(v);
  if (schema[EXPECTED]) return `expected ${schema[EXPECTED]}, got ${got}`;
  const s = schema as Schema & { minimum?: number; maximum?: number; maxLength?: number; maxItems?: number; minItems?: number; const?: unknown };
  switch (schema[Kind]) {
    case 'Object':
    case 'Record':
      return `expected an object, got ${got}`;
    case 'Number':
    case 'Integer':
      if (typeof v !== 'number' || !Number.isFinite(v)) return `expected a number, got ${got}`;
      if (schema[Kind] === 'Integer' && !Number.isInteger(v)) return `expected a whole number, got ${v}`;
      return `expected a number from ${s.minimum} to ${s.maximum}, got ${v}`;
    case 'Boolean':
      return `expected true or false, got ${got}`;
    case 'String':
      return typeof v === 'string' ? `expected at most ${s.maxLength} characters` : `expected a string, got ${got}`;
    case 'Array':
      if (!Array.isArray(v)) return `expected an array, got ${got}`;
      return s.maxItems !== undefined && v.length > s.maxItems ? `expected at most ${s.maxItems} items, got ${v.length}` : `expected at least ${s.minItems} item(s)`;
    case 'Literal':
      return `expected ${JSON.stringify(s.const)}, got ${got}`;
    case 'Null':
      return `expected null, got ${got}`;
    default:
      return `not a valid value: ${got}`;
  }
}

/**
 * A union says which of its branches the value was meant for: a choice of strings lists them; a
 * duration's `kind` picks its branch, whose own errors are then reported; otherwise the branch of the
 * value's type (a number where "null or a number" is allowed).
 */
function unionError(schema: Schema, v: unknown, path: string, list: ErrorList): void {
  const branches = (schema as unknown as { anyOf: Schema[] }).anyOf;
  if (schema[EXPECTED]) return list.add(path, explain(schema, v));
  if (branches.every((b) => b[Kind] === 'Literal')) {
    return list.add(path, `expected one of ${branches.map((b) => JSON.stringify((b as unknown as { const: unknown }).const)).join(', ')}, got ${describe(v)}`);
  }
  const kinds = branches.map((b) => (b as { properties?: { kind?: { const?: unknown } } }).properties?.kind?.const);
  if (kinds.every((k): k is string => typeof k === 'string')) {
    if (!isPlainObject(v)) return list.add(path, `expected an object, got ${describe(v)}`);
    const kindPath = `${path}.kind`;
    if (v.kind === undefined) return list.add(kindPath, 'required');
    const i = kinds.indexOf(v.kind as string);
    if (i < 0) return list.add(kindPath, `expected one of ${kinds.map((k) => JSON.stringify(k)).join(', ')}, got ${describe(v.kind)}`);
    return collect(branches[i], v, path, list);
  }
  const sameType = branches.find((b) => typeOf(b) === jsonType(v));
  if (sameType) return collect(sameType, v, path, list);
  list.add(path, `expected ${branches.map((b) => TYPE_WORDS[typeOf(b)] ?? typeOf(b)).join(' or ')}, got ${describe(v)}`);
}

const TYPE_WORDS: Record<string, string> = { null: 'null', number: 'a number', string: 'a string', boolean: 'true or false', object: 'an object', array: 'an array' };

function typeOf(schema: Schema): string {
  const t = (schema as { type?: string }).type;
  return t === 'integer' ? 'number' : (t ?? '');
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * TypeBox's JSON Pointer ("/usage/sessions/0/at") in the form people read ("usage.sessions[0].at"),
 * found by walking the schema: list items get [i], task identifiers (record keys) get ["id"].
 */
function displayPath(root: Schema, pointer: string, base: string): string {
  let node: Schema | undefined = root;
  let out = base;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const kind = node?.[Kind];
    if (kind === 'Array') {
      out += `[${key}]`;
      node = (node as { items?: Schema }).items;
    } else if (kind === 'Record') {
      out += `[${JSON.stringify(key)}]`;
      node = Object.values((node as { patternProperties?: Record<string, Schema> }).patternProperties ?? {})[0];
    } else {
      // An unknown key can be anything ("", "a.b", "x y"): quoted unless it reads as a plain name.
      out = !/^[$A-Za-z_][\w$]*$/.test(key) ? `${out}[${JSON.stringify(key)}]` : out ? `${out}.${key}` : key;
      node = (node as { properties?: Record<string, Schema> } | undefined)?.properties?.[key];
    }
  }
  return out;
}

/** The one rule a JSON Schema cannot say: a uniform duration's max is not below its min. */
function checkDurationOrder(value: unknown, list: ErrorList): void {
  if (!isPlainObject(value)) return;
  const check = (path: string, d: unknown): void => {
    if (isPlainObject(d) && d.kind === 'uniform' && typeof d.min === 'number' && typeof d.max === 'number' && d.max < d.min) {
      list.add(path, `max (${d.max}) is less than min (${d.min})`);
    }
  };
  if (isPlainObject(value.durations)) for (const [k, d] of Object.entries(value.durations)) check(`durations.${k}`, d);
  if (isPlainObject(value.tasks)) for (const [id, t] of Object.entries(value.tasks)) if (isPlainObject(t)) check(`tasks[${JSON.stringify(id)}].duration`, t.duration);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}
