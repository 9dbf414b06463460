/** Scenario files: presets, the JSON schema, and parseScenario's handling of bad input. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, defaultScenario, parseScenario, presetByName, presets } from '../../server/src/simulator/index';
import { validate } from '../helpers/jsonSchema';

const schema = JSON.parse(readFileSync(new URL('../../schemas/bgscenario.schema.json', import.meta.url), 'utf8'));

describe('presets', () => {
  it('has the four named presets', () => {
    expect(presets.map((p) => p.id)).toEqual(['commuter-weekday', 'overnight-charger', 'rarely-opened', 'low-power-mode']);
  });

  for (const p of presets) {
    it(`${p.id} validates against the JSON schema and parses back to itself`, () => {
      const sc = p.build();
      expect(validate(schema, sc)).toEqual([]);
      const parsed = parseScenario(JSON.stringify(sc));
      expect(parsed.errors).toBeUndefined();
      expect(parsed.scenario).toEqual(sc);
    });
  }

  it('presetByName returns a fresh copy each time', () => {
    const a = presetByName('commuter-weekday')!;
    a.days = 99;
    expect(presetByName('commuter-weekday')!.days).not.toBe(99);
  });
});

describe('schema and parser agree', () => {
  it('every model parameter has a schema entry and a default', () => {
    const schemaKeys = Object.keys(schema.properties.model.properties).sort();
    expect(schemaKeys).toEqual(Object.keys(DEFAULT_MODEL).sort());
  });

  const bad: [string, unknown][] = [
    ['days out of range', { days: 0 }],
    ['unknown top-level key', { dayz: 3 }],
    ['bad time of day', { usage: { sessions: [{ at: '25:00' }] } }],
    ['wrong type', { seed: 'x' }],
    ['bad day selector', { device: { charging: [{ from: '22:00', to: '06:00', days: ['funday'] }] } }],
    ['bad duration kind', { durations: { refresh: { kind: 'gaussian', mean: 1 } } }],
    ['probability above 1', { usage: { forceQuitAfterSessionProbability: 2 } }],
    ['unknown model parameter', { model: { secretConstant: 3 } }],
    ['period without set', { device: { periods: [{ from: '01:00', to: '02:00' }] } }],
  ];
  for (const [name, doc] of bad) {
    it(`rejects ${name} in both`, () => {
      expect(validate(schema, doc).length).toBeGreaterThan(0);
      const r = parseScenario(doc);
      expect(r.scenario).toBeUndefined();
      expect(r.errors!.length).toBeGreaterThan(0);
    });
  }

  it('accepts a partial file and fills the rest from defaults or the preset it extends', () => {
    const doc = { extends: 'overnight-charger', days: 5, model: { refreshLeadMinutes: 30 } };
    expect(validate(schema, doc)).toEqual([]);
    const r = parseScenario(doc);
    expect(r.scenario!.days).toBe(5);
    expect(r.scenario!.model.refreshLeadMinutes).toBe(30);
    expect(r.scenario!.model.refreshBudgetSeconds).toBe(30);
    expect(r.scenario!.device.charging).toEqual(presetByName('overnight-charger')!.device.charging);
    expect(parseScenario({}).scenario).toEqual(defaultScenario());
  });
});

describe('parseScenario never throws on user input', () => {
  it('reports readable errors with the JSON path', () => {
    const r = parseScenario({ days: 500, usage: { sessions: [{ at: '8am', probability: -1 }] }, device: { battery: { startPercent: 'full' } } });
    expect(r.errors).toEqual([
      'days: expected a number from 1 to 120, got 500',
      'usage.sessions[0].at: expected a time of day "HH:MM" (00:00–24:00), got "8am"',
      'usage.sessions[0].probability: expected a number from 0 to 1, got -1',
      'device.battery.startPercent: expected a number, got "full"',
    ]);
  });

  it('handles non-JSON text, null, arrays, deep garbage and prototype keys', () => {
    for (const input of ['{not json', 'null', '[]', '42', JSON.stringify({ usage: { sessions: 'x' } }), '{"__proto__": {"days": 3}}', JSON.stringify({ tasks: { a: { duration: { kind: 'uniform', min: 5, max: 1 } } } })]) {
      const r = parseScenario(input);
      expect(r.errors?.length ?? 0).toBeGreaterThan(0);
    }
  });
});
