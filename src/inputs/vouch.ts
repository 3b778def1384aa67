// What the parsers generated from our zod schemas (fast-parsers.generated.ts) are made of. Each
// parser vouches for a value only where it is sure that zod would accept it and give the very
// same data, keys in the same order; anything else, valid or not, it leaves to zod (which then
// names what is wrong): `notVouched()` ends the parse. So each step here is as strict as zod's,
// or stricter, never more lenient.
import { isPlainRecord } from '../plain-data.js';

/** Ends a generated parse: zod judges the value. */
const NOT_VOUCHED = Symbol('not vouched for');

export function notVouched(): never {
  throw NOT_VOUCHED;
}

/** `parse(value)`, or undefined where the parser does not vouch for the value. */
export function vouched<T>(parse: (value: unknown) => unknown, value: unknown): T | undefined {
  try {
    return parse(value) as T;
  } catch (error) {
    if (error === NOT_VOUCHED) return undefined;
    throw error;
  }
}

/**
 * A map as YAML and JSON give it: a plain object. zod's objects take any non-array object, its
 * records a plain one; neither sees a key inherited from another prototype here.
 */
export function plainObject(value: unknown): Record<string, unknown> {
  if (!isPlainRecord(value)) notVouched();
  // zod skips a `__proto__` key or a symbol where it copies keys; such input is not ours to vouch for.
  if (Object.hasOwn(value, '__proto__') || Object.getOwnPropertySymbols(value).length > 0) notVouched();
  return value as Record<string, unknown>;
}

/** A strict object has no key beyond its fields. */
export function onlyKeys(object: Record<string, unknown>, fields: ReadonlySet<string>): void {
  for (const key in object) if (!fields.has(key)) notVouched();
}

/** Copies the keys beyond the fields, as a loose object keeps them: after the fields, in input order. */
export function copyOtherKeys(object: Record<string, unknown>, fields: ReadonlySet<string>, parsed: Record<string, unknown>): void {
  for (const key in object) if (!fields.has(key)) parsed[key] = object[key];
}

/**
 * The value of field `key`, or undefined where it is not given. A field given as undefined is
 * not vouched for (zod keeps the key); with `goNulls`, a field given as null is not given, as
 * upstream's Go decoder reads it (go-nulls.ts).
 */
export function fieldOf(object: Record<string, unknown>, key: string, goNulls: boolean): unknown {
  const value = object[key];
  if (value === undefined && key in object) notVouched();
  return goNulls && value === null ? undefined : value;
}

export function string(value: unknown): string {
  return typeof value === 'string' ? value : notVouched();
}

export function boolean(value: unknown): boolean {
  return typeof value === 'boolean' ? value : notVouched();
}

/** zod's number: finite. */
export function number(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : notVouched();
}

/** A literal or an enum: one of `values`. */
export function oneOf<T>(value: unknown, values: readonly T[]): T {
  return values.includes(value as T) ? (value as T) : notVouched();
}

export function lengthWithin<T extends string | unknown[]>(value: T, minimum: number, maximum: number): T {
  return value.length >= minimum && value.length <= maximum ? value : notVouched();
}

export function matching(value: string, pattern: RegExp): string {
  return pattern.test(value) ? value : notVouched();
}

/** A zod refinement: the schema's own function, which takes the value when it returns true. */
export function refined<T>(value: T, test: (value: T) => boolean): T {
  return test(value) ? value : notVouched();
}

export function list(value: unknown, parseEntry: (entry: unknown) => unknown): unknown[] {
  if (!Array.isArray(value)) notVouched();
  const parsed = new Array<unknown>(value.length);
  for (let index = 0; index < value.length; index += 1) parsed[index] = parseEntry(value[index]);
  return parsed;
}

/** A record: each key checked by `parseKey`, each value parsed, in input order. */
export function record(value: unknown, parseKey: (key: string) => unknown, parseValue: (entry: unknown) => unknown): Record<string, unknown> {
  const object = plainObject(value);
  const parsed: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    parseKey(key);
    parsed[key] = parseValue(object[key]);
  }
  return parsed;
}

/** A union of exact options (the generator allows no other): the first that takes the value. */
export function firstOf(value: unknown, options: readonly ((value: unknown) => unknown)[]): unknown {
  for (const option of options) {
    const parsed = vouched(option, value);
    if (parsed !== undefined) return parsed;
  }
  return notVouched();
}
