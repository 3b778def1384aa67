// The Calico CRDs as the bundle knows them ahead of time: each CRD's name and annotations, and its
// spec printed as YAML at column 0 in both sequence styles. The bundle replaces this module with
// them (scripts/build.mjs prints the specs with our printer at build time). Run from source (tests,
// tsx) there are none, and the specs are parsed and printed like any other value: the output is
// the same either way (test/e2e/bundle-identity.test.ts runs both, through the function and
// through `render`).
import type { PrintedYaml } from '../printed-yaml.js';

export interface PrintedCrd {
  name: string;
  annotations?: Record<string, string>;
  spec: PrintedYaml;
}

export const CALICO_CRDS_PRINTED = undefined as readonly PrintedCrd[] | undefined;
