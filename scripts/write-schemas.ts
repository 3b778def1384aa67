// Writes schemas/*.json from the zod schemas (`npm run schema`); a test keeps them in step.
import { mkdirSync, writeFileSync } from 'node:fs';
import { jsonSchemas } from '../src/inputs/json-schemas.js';

mkdirSync('schemas', { recursive: true });
for (const [file, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(`schemas/${file}`, `${JSON.stringify(schema, null, 2)}\n`);
}
