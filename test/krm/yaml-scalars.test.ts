// The block reader resolves a plain scalar as the yaml package's YAML 1.2 core schema does, its
// shortcuts included: digits alone, two dots, characters no number has (twelfth session).
import test from 'ava';
import fc from 'fast-check';
import { parse } from 'yaml';
import { resolvePlain } from '../../src/krm/yaml-scalars.js';
import { numberish } from '../support/scalar-arbitraries.js';

/**
 * The yaml package's reading of `text` as a plain scalar where the block reader meets one, a map's
 * value (`---` there is a string, at a document's start a marker); undefined when it is not one.
 */
function coreReading(text: string): { value: unknown } | undefined {
  if (text !== text.trim() || text === '' || /[\n:#,[\]{}&*!|>'"%@`]/.test(text) || /^[-?]( |$)/.test(text)) return undefined;
  try {
    const value: unknown = (parse(`key: ${text}`) as { key: unknown }).key;
    return typeof value === 'object' && value !== null ? undefined : { value };
  } catch {
    return undefined;
  }
}

test('resolves numbers, words and strings as the yaml package does', (t) => {
  for (const text of ['1', '0010', '1.34.2', '10.0.0.0/8', '1.5', '.5', '-1', '+1', '1e3', '0x1F', '0o17', '.inf', '-.Inf', '.nan', '1_000', 'null', 'True', '~', '100m', '---', '...']) {
    t.deepEqual(resolvePlain(text), coreReading(text)?.value, text);
  }
});

test('agrees with the yaml package on strings near numbers', (t) => {
  fc.assert(
    fc.property(numberish, (text) => {
      const reading = coreReading(text);
      return reading === undefined || Object.is(resolvePlain(text), reading.value) || (typeof reading.value === 'number' && Number.isNaN(reading.value) && Number.isNaN(resolvePlain(text)));
    }),
    { numRuns: 30_000 },
  );
  t.pass();
});
