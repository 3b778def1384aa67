// Objects as one YAML stream, or one object as a file: a package object that comes back as it
// was read is copied from its file; anything else is printed, keeping each value's spelling.
import { Document } from 'yaml';
import type { OutputObject } from './run-function.js';

export function objectText(object: OutputObject): string {
  if (object.text !== undefined) return object.text;
  const document = new Document(null, { schema: 'failsafe' });
  document.contents = object.node;
  // Compact sequences and no line folding, as kpt writes files.
  return document.toString({ lineWidth: 0, indentSeq: false });
}

export function yamlStream(objects: readonly OutputObject[]): string {
  return objects.map(objectText).join('---\n');
}
