// The function's results as lines for a terminal or a CI log, in kpt's order: severity, the
// object and the file it came from, the field (once: messages do not repeat it), then the
// message. Argo CD shows stderr in its UI.
import type { ResourceRef, Result } from '../krm/types.js';
import { refOf } from '../krm/types.js';
import { sameRef } from '../result-files.js';
import type { SourceObject } from './read-package.js';

export function formatResults(results: readonly Result[], sources: readonly SourceObject[]): string {
  return results.map((result) => `[${result.severity}] ${subjectOf(result, sources)}${result.message}\n`).join('');
}

function subjectOf(result: Result, sources: readonly SourceObject[]): string {
  const file = sourceFileOf(result.resourceRef, sources) ?? result.file?.path;
  const parts = [objectName(result.resourceRef), file && `(${file})`, result.field?.path].filter((part) => part);
  return parts.length > 0 ? `${parts.join(' ')}: ` : '';
}

function objectName(ref: ResourceRef | undefined): string | undefined {
  if (!ref?.kind) return undefined;
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/${ref.name ?? ''}` : ref.name ?? ''}`;
}

function sourceFileOf(ref: ResourceRef | undefined, sources: readonly SourceObject[]): string | undefined {
  if (!ref?.kind) return undefined;
  return sources.find((candidate) => sameRef(refOf(candidate.object), ref))?.file;
}
