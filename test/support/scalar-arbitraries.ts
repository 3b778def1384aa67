// Arbitrary scalar texts for the printer's and the YAML 1.1 check's property tests.
import fc from 'fast-check';

/** Strings near the numbers and timestamps of YAML 1.1 and 1.2: what the shortcuts must not misjudge. */
export const numberish = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'0123456789.:_+-eExXbBoOnNyYsStTfFlLuUaAiIcdZ~ \t#%!&*'.split('')), maxLength: 12 }),
  fc.stringMatching(/^[-+]?(?:0[xob][0-9a-fA-F_]{1,4}|[0-9_]{0,4}(?:\.[0-9_]{0,3})?(?:[eE][-+]?[0-9]{1,2})?|[0-9]{1,3}(?::[0-9]{1,2}){1,2}|\.(?:inf|Inf|INF|nan|NaN|NAN))$/),
  fc.stringMatching(/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ][0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?: ?(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/),
).chain((text) => fc.oneof(fc.constant(text), fc.tuple(fc.nat(text.length), fc.constantFrom(...'0-:.xZ a/'.split(''))).map(([at, char]) => text.slice(0, at) + char + text.slice(at + 1))));
