// A value as upstream's Go decoder reads its nulls, against the schema it is checked with: a known
// field given as null is a field not given (a pointer stays nil, a scalar its zero value, which is
// ours when the field is missing). An unknown field stays, null or not, for the strict check to
// name (Go's strict decoder refuses it whatever its value), and so does a null in a map
// (autoScaling.resources): Go makes it a zero value, which validation refuses.
import type * as z from 'zod/mini';
import { isRecord } from '../plain-data.js';

export function withoutKnownNullFields(value: unknown, schema: z.core.$ZodType): unknown {
  const object = objectSchemaOf(schema);
  if (!object || !isRecord(value)) return value;
  const { shape } = object._zod.def;
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const fieldSchema = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (fieldSchema === undefined) kept[key] = field;
    else if (field !== null) kept[key] = withoutKnownNullFields(field, fieldSchema);
  }
  return kept;
}

/** The object schema inside optional and default wrappers; undefined for anything else. */
function objectSchemaOf(schema: z.core.$ZodType): z.core.$ZodObject | undefined {
  for (let current: z.core.$ZodType | undefined = schema; current;) {
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType };
    if (def.type === 'object') return current as z.core.$ZodObject;
    current = def.type === 'optional' || def.type === 'default' ? def.innerType : undefined;
  }
  return undefined;
}
