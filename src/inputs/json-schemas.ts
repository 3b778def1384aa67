// JSON Schemas of our APIs, for editors (yaml-language-server `# yaml-language-server: $schema=...`):
// what a user may write (`io: 'input'`), so a field with a default is not required.
import { z } from 'zod';
import { nodeConditionSnapshotSchema } from '../overlay/snapshot-schema.js';
import { networkConfigSchema, renderConfigSchema } from './schemas.js';

export function jsonSchemas(): Record<string, unknown> {
  return {
    'calico-render-config.schema.json': z.toJSONSchema(renderConfigSchema(), { target: 'draft-2020-12', io: 'input' }),
    'network-config.schema.json': z.toJSONSchema(networkConfigSchema(), { target: 'draft-2020-12', io: 'input' }),
    'node-condition-snapshot.schema.json': z.toJSONSchema(nodeConditionSnapshotSchema(), { target: 'draft-2020-12', io: 'input' }),
  };
}
