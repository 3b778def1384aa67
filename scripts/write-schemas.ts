// Writes what is generated from the zod schemas (`npm run schema`); tests keep both in step:
// schemas/*.json, their JSON Schemas for editors, and src/inputs/fast-parsers.generated.ts, the
// parsers a render runs instead of building them (src/inputs/fast-parsers-source.ts says why).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fastParsersSource } from '../src/inputs/fast-parsers-source.js';
import { jsonSchemas } from '../src/inputs/json-schemas.js';

mkdirSync('schemas', { recursive: true });
for (const [file, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(`schemas/${file}`, `${JSON.stringify(schema, null, 2)}\n`);
}
writeFileSync('src/inputs/fast-parsers.generated.ts', fastParsersSource());
