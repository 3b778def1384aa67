// Runs the function on objects read from files. The function gets the package objects' plain
// values built from the nodes already read (node-values.ts): the values the KRM boundary's reader
// would take from the ResourceList kpt sends, without writing that text and reading it again. An
// object that builder leaves (a tag, a key that is not a string) goes through the text instead.
// What comes out is not written as a ResourceList and read back either: the package objects kept
// are the ones read (nodes and file texts), and the generated objects are printed once, by our
// printer, when the command writes them (yaml-stream.ts).
import { Document, isScalar, Scalar, YAMLMap, type YAMLSeq } from 'yaml';
import { runFunction, type FunctionOptions } from '../fn.js';
import { plainValueOfFailsafeMap } from '../krm/node-values.js';
import { MalformedInputError, parseResourceList, refuseTooManyItems, RESOURCE_LIST, type ParsedResourceList } from '../krm/resource-list.js';
import type { InputItem, Result } from '../krm/types.js';
import { resolvePlain } from '../krm/yaml-scalars.js';
import type { SourceObject } from './read-package.js';

export interface FunctionInput {
  items: readonly SourceObject[];
  functionConfig?: SourceObject;
}

/**
 * An output item. A package object: its node, to print, its plain value as read (every scalar a
 * string) and, when it comes back unchanged, its text in its file, to copy. A generated object:
 * its value as built (no node), printed by our printer.
 */
export interface OutputObject {
  node?: YAMLMap;
  object: Record<string, unknown>;
  text?: string;
}

export type FunctionAnswer =
  | { ok: true; items: OutputObject[]; results: Result[] }
  | { ok: false; results: Result[]; message?: string };

export function runFunctionOn(input: FunctionInput, options: Omit<FunctionOptions, 'now'> = {}): FunctionAnswer {
  let parsed;
  try {
    parsed = functionInput(input);
  } catch (error) {
    if (error instanceof MalformedInputError) return { ok: false, results: [], message: error.message };
    throw error;
  }
  const outcome = runFunction(parsed, { ...options, now: new Date() });
  if (!outcome.edits || outcome.results.some((result) => result.severity === 'error')) return { ok: false, results: outcome.results };
  const { drop, annotate, append } = outcome.edits;
  // The answer keeps the input items it does not drop, in their order, and adds ours after them.
  const kept = input.items.flatMap((source, index) => (drop.has(index) ? [] : [withAnnotations(source, annotate.get(index))]));
  const generated = append.map((object) => ({ object: object as Record<string, unknown> }));
  return { ok: true, items: [...kept, ...generated], results: outcome.results };
}

/** A package object as kept: unchanged (its file text along), or with the annotations the function sets. */
function withAnnotations(source: SourceObject, annotations: Record<string, string> | undefined): OutputObject {
  if (!annotations) return { node: source.node, object: source.object, text: source.text };
  const node = source.node.clone() as YAMLMap;
  // An empty `metadata:` or `annotations:` (or `~`, `null`) reads as null, where setIn wants a map to set in.
  for (const path of [['metadata'], ['metadata', 'annotations']]) {
    const at = node.getIn(path, true);
    if (isScalar(at) && at.type === Scalar.PLAIN && resolvePlain(String(at.value)) === null) node.setIn(path, new YAMLMap());
  }
  for (const [key, value] of Object.entries(annotations)) node.setIn(['metadata', 'annotations', key], value);
  const metadata = (source.object.metadata ?? {}) as Record<string, unknown>;
  const object = { ...source.object, metadata: { ...metadata, annotations: { ...(metadata.annotations as object | undefined), ...annotations } } };
  return { node, object };
}

/** What the function reads: each object's plain value, as the KRM reader would take it from kpt's ResourceList. */
export function functionInput(input: FunctionInput): Pick<ParsedResourceList, 'items' | 'functionConfig'> {
  refuseTooManyItems(input.items.length);
  const items = input.items.map((source, index) => ({ index, object: plainValueOf(source) }));
  return { items, functionConfig: input.functionConfig && plainValueOf(input.functionConfig) };
}

function plainValueOf(source: SourceObject): Record<string, unknown> {
  return plainValueOfFailsafeMap(source.node) ?? readThroughText(source);
}

/**
 * The fallback, for an object with what only the text's reader decides (`!!int "5"` is 5,
 * `!!str 5` is "5", `1.0:` is the key "1", `1:` and `01:` are one key, an error): the object
 * printed alone as the item of a ResourceList and read by the KRM reader, as kpt would hand it over.
 */
function readThroughText(source: SourceObject): Record<string, unknown> {
  const document = new Document({ ...RESOURCE_LIST, items: [] }, { schema: 'failsafe' });
  (document.get('items', true) as YAMLSeq).items.push(source.node);
  return (parseResourceList(document.toString({ lineWidth: 0 })).items[0] as InputItem).object;
}
