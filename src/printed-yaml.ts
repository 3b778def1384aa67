// Values printed ahead of time. The Calico CRDs' specs are ~4,800 lines of YAML in every default
// render; printing them afresh costs about a fifth of the render. The bundle carries each spec
// already printed (scripts/build.mjs, by the same printer from the same data), and the printer
// copies that text when it meets the spec. A neutral home, so the builders (objects/) and the
// printer (krm/) need not know each other.
//
// A value given printed text must not change afterwards: the printer trusts the text. Generated
// objects are never mutated after they are built (later stages copy what they change).

const PRINTED = new WeakMap<object, string>();

/** `value`, known to print (at column 0, without the final newline) as `yaml` when that is given. */
export function withPrintedYaml<T extends object>(value: T, yaml: string | undefined): T {
  if (yaml !== undefined) PRINTED.set(value, yaml);
  return value;
}

/** The text `value` prints as at column 0, when it was printed ahead of time. */
export function printedYamlOf(value: object): string | undefined {
  return PRINTED.get(value);
}
