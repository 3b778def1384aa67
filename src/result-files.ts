// Where an input item came from, as kpt tells it (its path and index annotations), so that a
// result about the item can carry `file: {path, index}` as the KRM functions specification
// defines. kpt keeps the file in `--results-dir`; `render` prints it on every result line.
import { refOf, type InputItem, type ResourceRef, type Result } from './krm/types.js';
import { isRecord } from './plain-data.js';

const PATH_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'];
const INDEX_ANNOTATIONS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'];

export type ItemFile = NonNullable<Result['file']>;

/** The file an item was read from, when the orchestrator says so. */
export function itemFile(item: InputItem): ItemFile | undefined {
  const metadata = item.object.metadata;
  const annotations = isRecord(metadata) && isRecord(metadata.annotations) ? metadata.annotations : {};
  const first = (names: readonly string[]) => names.map((name) => annotations[name]).find((value) => typeof value === 'string' && value !== '') as string | undefined;
  const path = first(PATH_ANNOTATIONS);
  if (path === undefined) return undefined;
  const index = Number(first(INDEX_ANNOTATIONS));
  return Number.isInteger(index) && index >= 0 ? { path, index } : { path };
}

/** Each result about exactly one input item gets that item's file. */
export function withFiles(results: readonly Result[], items: readonly InputItem[]): Result[] {
  return results.map((result) => {
    if (result.file || !result.resourceRef) return result;
    const matches = items.filter((item) => sameRef(refOf(item.object), result.resourceRef!));
    const file = matches.length === 1 ? itemFile(matches[0]!) : undefined;
    return file ? { ...result, file } : result;
  });
}

export function sameRef(a: ResourceRef, b: ResourceRef): boolean {
  return a.apiVersion === b.apiVersion && a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}
