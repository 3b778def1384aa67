// A map or list schema built at its first use instead of where it is declared: zod does a
// schema's work where it is declared (~25 µs a zod call on a cold start), every render declares
// our input schemas, and a default render holds few of their optional fields.
//
// `z.lazy` alone defers nothing here. z.optional asks its inner schema's `optin` (when its object
// lists its optional keys at the first parse, and again when the field is absent), and a lazy
// answers `optin` and `optout` by building its inner schema. An object, record or array schema
// has neither (both undefined, which is what we set up front), so an absent field builds nothing,
// and `_zod.innerType` builds the schema when a value is there to check. Error messages and paths
// are the inner schema's; field-errors.ts sees through the lazy for the names of an object.
import * as z from 'zod/mini';

type DeferrableSchema = z.core.$ZodObject | z.core.$ZodRecord | z.core.$ZodArray;

export function deferred<T extends DeferrableSchema>(build: () => T): z.ZodMiniLazy<T> {
  const schema = z.lazy(build);
  schema._zod.optin = undefined;
  schema._zod.optout = undefined;
  return schema;
}
