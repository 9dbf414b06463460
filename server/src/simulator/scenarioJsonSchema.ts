/**
 * Turns the TypeBox scenario schema (scenarioSchema.ts) into the JSON Schema file VS Code reads
 * (schemas/bgscenario.schema.json, draft-07). Only the generator script and its test import this,
 * so none of it reaches the webview or client bundles.
 * - Shared schemas (marked with DEFINITION) are written once under `definitions` and used by `$ref`;
 *   a use that describes itself differently keeps its own description beside the `$ref` (VS Code shows it).
 * - A choice of string literals (TypeBox's anyOf of consts) is written as `enum`, which editors offer as completions;
 *   other unions as `oneOf` (their branches never overlap).
 * - A record of task identifiers is written with `additionalProperties`.
 */
import {
  AppSubmitsSchema,
  DEFINITION,
  DaysSchema,
  DurationSchema,
  PeriodSchema,
  ScenarioFileSchema,
  SessionSchema,
  SettingsSchema,
  TimeOfDaySchema,
  WindowSchema,
} from './scenarioSchema';

type Json = { [key: string]: unknown };
type Annotated = Json & { [DEFINITION]?: string };

/** Written under `definitions` in this order. */
const DEFINITIONS: Annotated[] = [TimeOfDaySchema, DaysSchema, WindowSchema, PeriodSchema, SettingsSchema, SessionSchema, DurationSchema, AppSubmitsSchema];

/** Keys in the order a reader expects them; others follow in their own order. */
const KEY_ORDER = [
  '$ref',
  'type',
  'additionalProperties',
  'required',
  'const',
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'maxLength',
  'minItems',
  'maxItems',
  'description',
  'items',
  'oneOf',
  'properties',
];

export function scenarioJsonSchema(): Json {
  const byName = new Map(DEFINITIONS.map((d) => [d[DEFINITION]!, d]));
  const definitions: Json = {};
  for (const [name, schema] of byName) definitions[name] = convert(schema, byName, true);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'BGTaskScheduler simulator scenario',
    ...convert(ScenarioFileSchema as unknown as Annotated, byName, true),
    definitions,
  };
}

/** The file's exact text: what the generator writes and what the test compares with. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

function convert(schema: Annotated, defs: Map<string, Annotated>, isDefinition = false): Json {
  const name = schema[DEFINITION];
  if (name !== undefined && !isDefinition) {
    const def = defs.get(name);
    if (!def) throw new Error(`scenario schema: ${name} is not listed in DEFINITIONS`);
    return schema.description !== undefined && schema.description !== def.description ? { $ref: `#/definitions/${name}`, description: schema.description } : { $ref: `#/definitions/${name}` };
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') out.properties = mapValues(value as Record<string, Annotated>, (v) => convert(v, defs));
    else if (key === 'items' || key === 'additionalProperties') out[key] = typeof value === 'object' && value !== null ? convert(value as Annotated, defs) : value;
    else if (key === 'anyOf') out.anyOf = (value as Annotated[]).map((v) => convert(v, defs));
    else if (key === 'patternProperties') out.additionalProperties = convert(Object.values(value as Record<string, Annotated>)[0], defs);
    else out[key] = value;
  }
  // TypeBox writes `type` next to `const`; the literal alone says it.
  if ('const' in out) delete out.type;
  // A choice of strings: one enum instead of an anyOf of consts.
  const anyOf = out.anyOf as Json[] | undefined;
  if (anyOf && anyOf.every((b) => Object.keys(b).length === 1 && typeof b.const === 'string')) {
    delete out.anyOf;
    out.enum = anyOf.map((b) => b.const);
  } else if (anyOf) {
    // The scenario's unions are disjoint (a day name or a list; null or a number; one duration kind
    // each), so "exactly one" says the same as TypeBox's "any", and tells editors a branch is chosen.
    delete out.anyOf;
    out.oneOf = anyOf;
  }
  return ordered(out);
}

function mapValues<T, U>(o: Record<string, T>, f: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

function ordered(o: Json): Json {
  const rank = (k: string): number => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => rank(a) - rank(b)));
}
