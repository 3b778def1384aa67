// An input parsed by its generated parser (fast-parsers.generated.ts), or by its zod schema, built
// then, where that parser does not vouch for the value: the data is the same either way, and
// only zod explains what is wrong.
import * as z from 'zod/mini';

export type ParseOutcome<T> = { success: true; data: T } | { success: false; issues: readonly z.core.$ZodIssue[] };

export function parseInput<S extends z.core.$ZodType>(fastParse: (value: unknown) => z.output<S> | undefined, schema: () => S, value: unknown): ParseOutcome<z.output<S>> {
  const data = fastParse(value);
  if (data !== undefined) return { success: true, data };
  const parsed = z.safeParse(schema(), value, { reportInput: true });
  return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: parsed.error.issues };
}
