// Values printed ahead of time. The Calico CRDs' specs are ~4,800 lines of YAML in every default
// render; printing them afresh costs about a fifth of the render. The bundle carries each spec
// already printed, in both sequence styles (scripts/build.mjs, by the same printer from the same
// data), and the printer copies the text of the style it prints in when it meets the spec. A
// neutral home, so the builders (objects/) and the printer (krm/) need not know each other.
//
// A value given printed text must not change afterwards: the printer trusts the text. Generated
// objects are never mutated after they are built (later stages copy what they change).

/**
 * A value's text at column 0, without the final newline, in each way the printer places a map's
 * sequence (emit-yaml.ts): `indented` under its key (the ResourceList the function answers), and
 * `compact`, its dashes in the key's column (the files and stream `render` writes, as kpt does).
 */
export interface PrintedYaml {
  indented: string;
  compact: string;
}

const PRINTED = new WeakMap<object, PrintedYaml>();

/** `value`, known to print as `yaml` when that is given. */
export function withPrintedYaml<T extends object>(value: T, yaml: PrintedYaml | undefined): T {
  if (yaml !== undefined) PRINTED.set(value, yaml);
  return value;
}

/** The texts `value` prints as at column 0, when it was printed ahead of time. */
export function printedYamlOf(value: object): PrintedYaml | undefined {
  return PRINTED.get(value);
}
