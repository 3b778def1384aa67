// The Calico CRDs' bulk: the generated data (calico-crds.data.ts, 110 KB of JSON) and, in the
// bundle, each spec printed ahead of time in both sequence styles (src/printed-yaml.ts). The bundle
// replaces this module (scripts/build.mjs): it keeps the texts in files beside dist/core.cjs and
// reads each when first used, so that they are neither in the script nor in its code cache, which
// every start reads and V8 deserialises (about 8 ms a MB here, BENCHMARKS.md); a first render reads
// the indented specs only. Run from source (tests, tsx) there are no printed specs, and the specs
// are parsed and printed like any other value: the output is the same either way
// (test/e2e/bundle-identity.test.ts runs both, through the function and through `render`).
import { CALICO_CRDS_JSON } from './calico-crds.data.js';
import type { PrintedYaml } from '../printed-yaml.js';

export interface PrintedCrd {
  name: string;
  annotations?: Record<string, string>;
  spec: PrintedYaml;
}

/** The generated data's JSON text. */
export function calicoCrdsJson(): string {
  return CALICO_CRDS_JSON;
}

export const CALICO_CRDS_PRINTED = undefined as readonly PrintedCrd[] | undefined;
