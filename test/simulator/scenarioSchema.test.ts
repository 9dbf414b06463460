/** The scenario schema has one source (server/src/simulator/scenarioSchema.ts); the JSON file VS Code reads is generated from it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, presets } from '../../server/src/simulator/index';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../server/src/simulator/scenarioJsonSchema';
import { ModelSchema, PRESET_IDS } from '../../server/src/simulator/scenarioSchema';

const committed = readFileSync(new URL('../../schemas/bgscenario.schema.json', import.meta.url), 'utf8');

type Node = Record<string, unknown>;

/** Every object in the JSON schema, with its path. */
function* nodes(n: unknown, path = '#'): Generator<[string, Node]> {
  if (typeof n !== 'object' || n === null) return;
  if (!Array.isArray(n)) yield [path, n as Node];
  for (const [k, v] of Object.entries(n)) yield* nodes(v, `${path}/${k}`);
}

describe('schemas/bgscenario.schema.json', () => {
  it('is exactly what scripts/gen-scenario-schema.mjs generates from the TypeBox schema', () => {
    // On failure: run `node scripts/gen-scenario-schema.mjs` and commit the file.
    expect(committed, 'schemas/bgscenario.schema.json is out of date: run node scripts/gen-scenario-schema.mjs').toBe(scenarioJsonSchemaText());
  });

  it('is plain draft-07 JSON Schema: only keywords editors know, and every $ref resolves', () => {
    const schema = scenarioJsonSchema();
    const known = new Set(['$schema', 'title', 'description', 'type', 'additionalProperties', 'properties', 'required', 'definitions', '$ref', 'enum', 'const', 'oneOf', 'items', 'minItems', 'maxItems', 'minimum', 'maximum', 'maxLength', 'pattern']);
    const definitions = schema.definitions as Node;
    const used = new Set<string>();
    for (const [path, node] of nodes(schema)) {
      // The maps of names to schemas are not schemas themselves.
      if (path.endsWith('/properties') || path.endsWith('/definitions')) continue;
      for (const key of Object.keys(node)) expect(known.has(key), `${path}: ${key}`).toBe(true);
      if (typeof node.$ref === 'string') {
        const name = node.$ref.replace('#/definitions/', '');
        expect(definitions[name], node.$ref).toBeDefined();
        used.add(name);
      }
    }
    expect([...used].sort()).toEqual(Object.keys(definitions).sort());
  });

  it('keeps a hover description on every model parameter and every top-level property but $schema', () => {
    const properties = scenarioJsonSchema().properties as Record<string, Node>;
    const model = properties.model.properties as Record<string, Node>;
    // A parameter that uses a shared definition shows that definition's description.
    for (const [key, p] of Object.entries(model)) expect(typeof (p.description ?? p.$ref), key).toBe('string');
    for (const [key, p] of Object.entries(properties)) if (!['$schema', 'name', 'description'].includes(key)) expect(typeof p.description, key).toBe('string');
  });

  it('has a default for every model parameter, and the presets that extends may name', () => {
    expect(Object.keys(ModelSchema.properties).sort()).toEqual(Object.keys(DEFAULT_MODEL).sort());
    expect(presets.map((p) => p.id)).toEqual([...PRESET_IDS]);
  });

  it('sets the floors that keep a run bounded: durations of at least 1 s, rate-limit spacings above 0', () => {
    const schema = JSON.parse(committed);
    for (const branch of schema.definitions.duration.oneOf) {
      for (const [key, p] of Object.entries(branch.properties as Record<string, { minimum?: number }>)) if (key !== 'kind' && key !== 'sd') expect(p.minimum, key).toBe(1);
    }
    expect(schema.properties.model.properties.minLaunchSpacingMinutes.minimum).toBeGreaterThan(0);
    expect(schema.properties.model.properties.processingMinSpacingHours.minimum).toBeGreaterThan(0);
  });
});
