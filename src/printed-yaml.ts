// Values printed ahead of time. The Calico CRDs' specs are ~4,800 lines of YAML in every default
// render; printing them afresh costs about a fifth of the render. The build prints each spec once,
// in both sequence styles, by the same printer from the same data, and the bundle keeps the texts
// beside the core (src/objects/calico-crds.assets.ts); the printer copies the text of the style
// it prints in when it meets the spec. A neutral home, so the builders (objects/) and the printer
// (krm/) need not know each other.
//
// A value given printed text must not change afterwards: the printer trusts the text. Generated
// objects are never mutated after they are built (later stages copy what they change).
import { builtOnFirstUse } from './built-on-first-use.js';

/**
 * A value's text in each way the printer places a map's sequence (emit-yaml.ts): `indented` under
 * its key (the ResourceList the function answers), and `compact`, its dashes in the key's column
 * (the files and stream `render` writes, as kpt does). Each as printed at its style's
 * PRINTED_COLUMN, without the first line's leading spaces and the final newline.
 */
export interface PrintedYaml {
  indented: string;
  compact: string;
}

/**
 * The column each style's text is printed at: where a CRD's spec lands most often, so that the
 * printer copies it as it is instead of moving its ~4,800 lines. The function's answer to kpt
 * (items at column 0, as kpt sends them) puts an item's spec at column 4; `render` writes each
 * object in a file or document of its own, its spec at column 2. Anywhere else the text is moved.
 */
export const PRINTED_COLUMN: Readonly<Record<keyof PrintedYaml, number>> = { indented: 4, compact: 2 };

const PRINTED = new WeakMap<object, PrintedYaml>();

/** `value`, known to print as `yaml` when that is given. */
export function withPrintedYaml<T extends object>(value: T, yaml: PrintedYaml | undefined): T {
  if (yaml !== undefined) PRINTED.set(value, yaml);
  return value;
}

/**
 * A stand-in for `build()`'s object, known to print as `yaml`: the printer copies the text without
 * looking inside, and `build` runs only when something does (a change plan comparing the object
 * with a previous render), once. Read through, it is that object: its keys, values and JSON.
 * (The Calico CRDs' 24 specs: parsing their data was the largest single cost of a first render.)
 */
export function printedStandIn<T extends object>(yaml: PrintedYaml, build: () => T): T {
  const object = builtOnFirstUse(build);
  const standIn = new Proxy({} as T, {
    get: (_, key) => Reflect.get(object(), key),
    has: (_, key) => Reflect.has(object(), key),
    ownKeys: () => Reflect.ownKeys(object()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(object(), key),
    // Printed text must stay true: nothing may change the object through its stand-in.
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
  return withPrintedYaml(standIn, yaml);
}

/** The texts `value` prints as, when it was printed ahead of time. */
export function printedYamlOf(value: object): PrintedYaml | undefined {
  return PRINTED.get(value);
}
