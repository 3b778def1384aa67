// The YAML 1.1 ambiguity check agrees with a real YAML 1.1 parser on scalars.
import test from 'ava';
import fc from 'fast-check';
import { parse } from 'yaml';
import { hasYaml11Form, isAmbiguousInYaml11 } from '../../src/krm/scalars.js';
import { numberish } from '../support/scalar-arbitraries.js';

function yaml11Reading(text: string): 'string' | 'other' | 'structure' {
  let value: unknown;
  try {
    value = parse(text, { version: '1.1' });
  } catch {
    return 'structure';
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return 'structure';
  return typeof value === 'string' ? 'string' : 'other';
}

test('known YAML 1.1 readings', (t) => {
  for (const text of ['Off', 'on', 'YES', 'n', '0755', '1_000', '190:20:30', '0b101', '2026-01-01', '2026-11-23T10:00:00Z', '~', '', '.inf', '1e3', '-12']) {
    t.true(isAmbiguousInYaml11(text), text);
  }
  for (const text of ['Always', 'none', 'calico-node', '100.96.0.0/11', 'cidr=10.250.0.0/16', '32768:65535', 'v3.31.6', 'k8s,bgp', '250m', '1.2.3']) {
    t.false(isAmbiguousInYaml11(text), text);
  }
});

test('agrees with the yaml package in YAML 1.1 mode on random scalars', (t) => {
  const alphabet = fc.constantFrom(...'0123456789.:_+-eExXbBoOnNyYsStTfFlLuUaA~'.split(''));
  fc.assert(
    fc.property(fc.string({ unit: alphabet, maxLength: 12 }), (text) => {
      const reading = yaml11Reading(text);
      if (reading === 'structure') return true;
      return isAmbiguousInYaml11(text) === (reading === 'other');
    }),
    { numRuns: 20_000, seed: 42 },
  );
  t.pass();
});

test('the shortcuts answer what the four forms answer, on any text', (t) => {
  const yamlish = fc.string({ unit: fc.constantFrom(...'0123456789.:_+-eExXbBoOnNyYsStTfFlLuUaA~ #%!&*'.split('')), maxLength: 12 });
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), yamlish, numberish, fc.tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), yamlish).map(([head, tail]) => head + tail)), (text) => {
      return isAmbiguousInYaml11(text) === hasYaml11Form(text);
    }),
    { numRuns: 50_000, seed: 11 },
  );
  t.pass();
});
