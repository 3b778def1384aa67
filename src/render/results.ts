// The function's results as lines for a terminal or a CI log: severity, the object and the file
// it came from, then the message (which names the field). Argo CD shows stderr in its UI.
import type { ResourceRef, Result } from '../krm/types.js';
import { refOf } from '../krm/types.js';
import type { SourceObject } from './read-package.js';

export function formatResults(results: readonly Result[], sources: readonly SourceObject[]): string {
  return results.map((result) => `[${result.severity}] ${subjectOf(result.resourceRef, sources)}${result.message}\n`).join('');
}

function subjectOf(ref: ResourceRef | undefined, sources: readonly SourceObject[]): string {
  if (!ref?.kind) return '';
  const name = ref.namespace ? `${ref.namespace}/${ref.name ?? ''}` : ref.name ?? '';
  const source = sources.find((candidate) => sameObject(refOf(candidate.object), ref));
  return `${ref.kind} ${name}${source ? ` (${source.file})` : ''}: `;
}

function sameObject(a: ResourceRef, b: ResourceRef): boolean {
  return a.apiVersion === b.apiVersion && a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}
