/**
 * A tiny JSON Schema (draft-07) validator for the subset schemas/bgscenario.schema.json uses:
 * type, enum, const, properties, required, additionalProperties (false or a schema), items,
 * minItems/maxItems, minimum/maximum, minLength/maxLength, pattern, oneOf, $ref to #/definitions.
 * It throws on any other keyword so the schema cannot silently outgrow it.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema', '$id', 'title', 'description', 'type', 'enum', 'const', 'properties', 'required', 'additionalProperties',
  'items', 'minItems', 'maxItems', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'oneOf', '$ref', 'definitions',
]);

export function validate(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(root, root, value, '', errors);
  return errors;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function check(root: Schema, schema: Schema, v: unknown, path: string, errors: string[]): void {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`miniSchema: unsupported keyword ${key} at ${path}`);
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '');
    const target = (root.definitions as Record<string, Schema>)[name];
    if (!target) throw new Error(`miniSchema: unresolved ${schema.$ref}`);
    check(root, target, v, path, errors);
  }
  const t = typeOf(v);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const ok = types.some((x) => x === t || (x === 'number' && t === 'integer'));
    if (!ok) return void errors.push(`${path}: expected ${types.join('|')}, got ${t}`);
  }
  if (schema.enum && !(schema.enum as unknown[]).includes(v)) errors.push(`${path}: not in enum`);
  if ('const' in schema && schema.const !== v) errors.push(`${path}: expected const ${JSON.stringify(schema.const)}`);
  if (typeof v === 'number') {
    if (typeof schema.minimum === 'number' && v < schema.minimum) errors.push(`${path}: below minimum`);
    if (typeof schema.maximum === 'number' && v > schema.maximum) errors.push(`${path}: above maximum`);
  }
  if (typeof v === 'string') {
    if (typeof schema.minLength === 'number' && v.length < schema.minLength) errors.push(`${path}: too short`);
    if (typeof schema.maxLength === 'number' && v.length > schema.maxLength) errors.push(`${path}: too long`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(v)) errors.push(`${path}: does not match ${schema.pattern}`);
  }
  if (Array.isArray(v)) {
    if (typeof schema.minItems === 'number' && v.length < schema.minItems) errors.push(`${path}: too few items`);
    if (typeof schema.maxItems === 'number' && v.length > schema.maxItems) errors.push(`${path}: too many items`);
    if (schema.items) v.forEach((item, i) => check(root, schema.items as Schema, item, `${path}[${i}]`, errors));
  }
  if (t === 'object') {
    const obj = v as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const req of (schema.required ?? []) as string[]) if (!(req in obj)) errors.push(`${path}: missing ${req}`);
    for (const [key, value] of Object.entries(obj)) {
      if (props[key]) check(root, props[key], value, `${path}.${key}`, errors);
      else if (schema.additionalProperties === false) errors.push(`${path}: unexpected property ${key}`);
      else if (typeof schema.additionalProperties === 'object') check(root, schema.additionalProperties as Schema, value, `${path}.${key}`, errors);
    }
  }
  if (Array.isArray(schema.oneOf)) {
    const passing = (schema.oneOf as Schema[]).filter((s) => {
      const sub: string[] = [];
      check(root, s, v, path, sub);
      return sub.length === 0;
    });
    if (passing.length !== 1) errors.push(`${path}: matches ${passing.length} of oneOf`);
  }
}
