// The spec of each Calico CRD (by CRD name) printed as YAML at column 0: the bundle replaces this
// module with the text (scripts/build.mjs prints the specs with our printer at build time). Run
// from source (tests, tsx) there is none, and the specs are printed like any other value: the
// output is the same either way (test/objects/crds-printed.test.ts runs both).
export const CALICO_CRD_SPECS_YAML = undefined as Readonly<Record<string, string>> | undefined;
