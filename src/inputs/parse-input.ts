// An input parsed by its generated parser (fast-parsers.generated.ts), or by its zod schema, built
// then, where that parser does not vouch for the value: the data is the same either way, and
// only zod explains what is wrong.
import * as z from 'zod/mini';
import { isPlainRecord } from '../plain-data.js';

export type ParseOutcome<T> = { success: true; data: T } | { success: false; issues: readonly z.core.$ZodIssue[] };

/**
 * `decode` gives zod the value as the parser reads it where they differ: the NetworkConfig's
 * generated parser reads nulls as Go does, zod is given them read so (go-nulls.ts).
 */
export function parseInput<S extends z.core.$ZodType>(
  fastParse: (value: unknown) => z.output<S> | undefined,
  schema: () => S,
  value: unknown,
  decode: (value: unknown, schema: S) => unknown = (same) => same,
): ParseOutcome<z.output<S>> {
  const data = fastParse(value);
  if (data !== undefined) return { success: true, data };
  const built = schema();
  const nonPlain = nonPlainMapIssues(value, built);
  if (nonPlain.length > 0) return { success: false, issues: nonPlain };
  const parsed = z.safeParse(built, decode(value, built), { reportInput: true });
  return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: parsed.error.issues };
}

/**
 * Where `schema` wants a map and the value is another kind of object (YAML's `!!omap` gives a
 * Map, `!!set` a Set, `!!timestamp` a Date), as issues: zod takes any object for a map, so
 * `typha: !!omap [enabled: true]` read as a typha block without `enabled`, typha off. Only the
 * fields the schema reads are walked: a Shoot's other fields are not ours to judge.
 */
function nonPlainMapIssues(value: unknown, schema: z.core.$ZodType, path: PropertyKey[] = []): z.core.$ZodIssue[] {
  const def = schema._zod.def as { type: string; innerType?: z.core.$ZodType; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType };
  if (def.type === 'optional' || def.type === 'default') return nonPlainMapIssues(value, def.innerType!, path);
  if (typeof value !== 'object' || value === null) return [];
  if (def.type === 'array' && Array.isArray(value)) return value.flatMap((entry, index) => nonPlainMapIssues(entry, def.element!, [...path, index]));
  if (def.type !== 'object' || Array.isArray(value)) return [];
  if (!isPlainRecord(value)) return [{ code: 'custom', path, input: value, message: 'write it as a plain map' }];
  return Object.entries(def.shape!).flatMap(([key, field]) => (Object.hasOwn(value, key) ? nonPlainMapIssues((value as Record<string, unknown>)[key], field, [...path, key]) : []));
}
