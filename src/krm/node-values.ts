// The function's plain values of objects already parsed with the failsafe schema (every scalar a
// string that remembers how it was written), as `render DIR` reads its package: the very values
// the KRM reader (resource-list.ts) takes from the ResourceList text kpt would send of them, with
// no text written and read again. A plain scalar is resolved by the core schema, by the block
// reader's resolver (resolvePlain); a quoted or block scalar is the string written, as it always
// is in the text. For what it does not take (an explicit tag, a key that is not a string, an
// alias, nesting deeper than a Kubernetes object goes) it gives up, and the caller reads that
// object through the text.
import { isMap, isScalar, isSeq, Scalar, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { resolvePlain } from './yaml-scalars.js';

/** Deeper collections are read through the text, which has its own limits and messages. */
const MAX_DEPTH = 100;

class NotPlain extends Error {}

/** The plain value of a map read with the failsafe schema, or undefined where it gives up (above). */
export function plainValueOfFailsafeMap(node: YAMLMap): Record<string, unknown> | undefined {
  try {
    return mapValue(node, 0);
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}

function valueOf(node: Node | null, depth: number): unknown {
  if (node === null) return null;
  if (isScalar(node)) return scalarValue(node);
  if (isMap(node)) return mapValue(node, depth + 1);
  if (isSeq(node)) return seqValue(node, depth + 1);
  // An alias (read-package.ts replaces them by copies) or a pair outside a map.
  throw new NotPlain();
}

function scalarValue(node: Scalar): unknown {
  const { value, type } = node;
  // A tag (`!!int "5"`, `!!str 5`, `!custom x`) changes what the text reads as.
  if (node.tag !== undefined || typeof value !== 'string') throw new NotPlain();
  if (type === Scalar.PLAIN) return resolvePlain(value);
  if (type === Scalar.QUOTE_DOUBLE || type === Scalar.QUOTE_SINGLE || type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED) return value;
  throw new NotPlain();
}

function mapValue(node: YAMLMap, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH || node.tag !== undefined) throw new NotPlain();
  const map: Record<string, unknown> = {};
  for (const { key, value } of node.items) {
    // Keys that are not strings would change in JavaScript (`1.0` becomes "1", `~` "", and
    // `1` and `01` are the same key): the text's reader decides those.
    const name = isScalar(key) ? scalarValue(key) : undefined;
    if (typeof name !== 'string') throw new NotPlain();
    const entry = valueOf(value as Node | null, depth);
    // As the yaml package sets it: `__proto__` becomes an own key, not the prototype.
    if (name === '__proto__') Object.defineProperty(map, name, { value: entry, writable: true, enumerable: true, configurable: true });
    else map[name] = entry;
  }
  return map;
}

function seqValue(node: YAMLSeq, depth: number): unknown[] {
  if (depth > MAX_DEPTH || node.tag !== undefined) throw new NotPlain();
  return (node.items as (Node | null)[]).map((item) => valueOf(item, depth));
}
