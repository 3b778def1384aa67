import test from 'ava';
import { readFileSync } from 'node:fs';
import { jsonSchemas } from '../../src/inputs/json-schemas.js';

test('schemas/ holds the JSON Schemas of the current APIs (run npm run schema after changing them)', (t) => {
  for (const [file, schema] of Object.entries(jsonSchemas())) {
    const committed = readFileSync(new URL(`../../schemas/${file}`, import.meta.url), 'utf8');
    t.is(committed, `${JSON.stringify(schema, null, 2)}\n`, file);
  }
});

for (const file of ['network-config.schema.json', 'node-condition-snapshot.schema.json']) {
  test(`the ${file} rejects unknown fields, like the function`, (t) => {
    const schema = jsonSchemas()[file] as { additionalProperties?: unknown };
    t.is(schema.additionalProperties, false);
  });
}
