// A value built at its first use, then kept. For what a start would otherwise pay for and a
// default render does not use: zod does a schema's work where it is declared (inputs/,
// overlay/), node:v8 costs its loading (krm/heap.ts), the Calico CRD data its parsing
// (objects/crds.ts, printed-yaml.ts).
export function builtOnFirstUse<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
