// Objects as one YAML stream, or one object as a file: a package object that comes back as it
// was read is copied from its file; a changed one is printed from its node, keeping each value's
// spelling; a generated one is printed by our printer. Sequences compact, no line folding, as kpt
// writes files.
import { Document } from 'yaml';
import { toYaml } from '../krm/emit-yaml.js';
import type { OutputObject } from './run-function.js';

export function objectText(object: OutputObject): string {
  if (object.text !== undefined) return object.text;
  if (!object.node) return toYaml(object.object, 0, 'compact');
  const document = new Document(null, { schema: 'failsafe' });
  document.contents = object.node;
  return document.toString({ lineWidth: 0, indentSeq: false });
}

export function yamlStream(objects: readonly OutputObject[]): string {
  return objects.map(objectText).join('---\n');
}
