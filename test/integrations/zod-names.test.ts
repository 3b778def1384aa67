// dist/zod.cjs holds only the zod/mini exports the core's sources use (scripts/zod-names.mjs), and
// only a refused input reaches zod: a name the build did not see would fail there alone, as an
// internal error (found by a review, twelfth session: an import by another name was missed).
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a build script in plain JavaScript, without types
import { zodNamesUsedBy } from '../../scripts/zod-names.mjs';
import { temporaryDirectory } from './helpers.js';

const namesIn = (t: import('ava').ExecutionContext, source: string): string[] => {
  const file = join(temporaryDirectory(t), 'module.ts');
  writeFileSync(file, source);
  return [...(zodNamesUsedBy([file]) as Set<string>)].sort();
};

test('names read off the namespace as values, and names imported, by whatever local name', (t) => {
  t.deepEqual(namesIn(t, `import * as z from 'zod/mini';
import { unknown as anything, array } from 'zod/mini';
export const schema = z.strictObject({ a: anything(), b: array(z.string()) });
export type Schema = z.infer<typeof schema>;
export const widened = z.object as typeof z.object;
`), ['array', 'object', 'strictObject', 'string', 'unknown']);
});

test('names used only in types or in type-only imports are not exports the script needs', (t) => {
  t.deepEqual(namesIn(t, `import type * as z from 'zod/mini';
import { type ZodMiniType } from 'zod/mini';
export type A = z.core.$ZodType | ZodMiniType;
export function f(schema: z.ZodMiniObject): z.output<typeof schema> { return schema.parse({}); }
`), []);
});

for (const [title, source] of [
  ['a destructured namespace', `import * as z from 'zod/mini';\nconst { object } = z;\nexport const s = object({});\n`],
  ['a computed name', `import * as z from 'zod/mini';\nexport const s = z['string']();\n`],
  ['the namespace passed on', `import * as z from 'zod/mini';\nexport const zod = z;\n`],
] as const) {
  test(`a use of zod the build cannot read stops it: ${title}`, (t) => {
    t.throws(() => namesIn(t, source), { message: /zod is used other than as z\.name/ });
  });
}
