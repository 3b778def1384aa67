// The spec of each Calico CRD (by CRD name) printed as YAML at column 0, in both sequence styles:
// the bundle replaces this module with the texts (scripts/build.mjs prints the specs with our
// printer at build time). Run from source (tests, tsx) there are none, and the specs are printed
// like any other value: the output is the same either way (test/e2e/bundle-identity.test.ts
// runs both, through the function and through `render`).
import type { PrintedYaml } from '../printed-yaml.js';

export const CALICO_CRD_SPECS_YAML = undefined as Readonly<Record<string, PrintedYaml>> | undefined;
