// Writes src/objects/calico-crds.data.ts, the CustomResourceDefinitions this function emits, from
// the CRD manifests Calico generates from its API types (controller-gen over
// api/pkg/apis/projectcalico/v3) and ships next to them. The admin network policy CRDs in that
// directory are Calico's copy of the network-policy-api release it supports (v0.1.1,
// experimental channel), which is also what the Gardener extension's chart installs.
//
// Source: https://github.com/projectcalico/calico, directory libcalico-go/config/crd/, at the
// tag of the pinned calico images (imagevector: v3.31.6).
//
// Run (the next Calico bump is this one command and a reviewed diff of the data file):
//
//   node scripts/generate-crds.mjs --calico <calico .git directory> [--ref v3.31.6]
//       [--chart <gardener-extension-networking-calico .git directory> [--chart-ref HEAD]]
//       [--check]
//
// Kept: every structural fact (property paths, types, formats, enums, patterns, bounds, required,
// defaults, nullable, the x-kubernetes-* extensions, CEL rules with their messages), names, scope,
// versions, printer columns, subresources, `preserveUnknownFields`, and the one annotation the API
// server acts on (`api-approved.kubernetes.io`). Dropped: every description, and the generator
// bookkeeping annotations (controller-gen version, bundle version, channel), as the chart drops them.
// `--chart` also compares the result with the CRDs the extension's chart deploys and fails on any
// difference but descriptions, labels and bookkeeping annotations; `--check` fails instead of
// writing when the file would change.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { isDeepStrictEqual, parseArgs } from 'node:util';

const CALICO_CRD_DIR = 'libcalico-go/config/crd/';
const CHART_CRD_DIR = 'charts/internal/calico/templates/custom-resource-definition/';
const OUTPUT = new URL('../src/objects/calico-crds.data.ts', import.meta.url).pathname;
const KEPT_ANNOTATIONS = ['api-approved.kubernetes.io'];

const { values: options } = parseArgs({
  options: {
    calico: { type: 'string' },
    ref: { type: 'string', default: 'v3.31.6' },
    chart: { type: 'string' },
    'chart-ref': { type: 'string', default: 'HEAD' },
    check: { type: 'boolean', default: false },
  },
});
if (!options.calico) {
  console.error('usage: node scripts/generate-crds.mjs --calico <calico .git directory> [--ref v3.31.6] [--chart <extension .git directory>] [--check]');
  process.exit(2);
}

function git(gitDir, ...args) {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

function crdsIn(gitDir, ref, dir) {
  const files = git(gitDir, 'ls-tree', '--name-only', `${ref}:${dir}`).split('\n').filter((name) => name.endsWith('.yaml')).sort();
  return files.flatMap((file) =>
    parseAllDocuments(git(gitDir, 'show', `${ref}:${dir}${file}`)).map((document) => document.toJS()).filter((crd) => crd?.kind === 'CustomResourceDefinition'),
  );
}

/** A schema node without descriptions; keys under `properties` are field names, not keywords. */
function structural(node) {
  if (Array.isArray(node)) return node.map(structural);
  if (node === null || typeof node !== 'object') return node;
  const result = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description') continue;
    if (key === 'properties') result[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, structural(child)]));
    else if (key === 'default' || key === 'enum' || key === 'example' || key === 'x-kubernetes-validations' || key === 'required') result[key] = value;
    else result[key] = structural(value);
  }
  return result;
}

function withoutDescriptions(spec) {
  return {
    ...spec,
    versions: spec.versions.map((version) => ({
      ...version,
      schema: { openAPIV3Schema: structural(version.schema.openAPIV3Schema) },
      ...(version.additionalPrinterColumns ? { additionalPrinterColumns: version.additionalPrinterColumns.map(({ description, ...column }) => column) } : {}),
    })),
  };
}

function entryOf(crd) {
  const annotations = Object.fromEntries(KEPT_ANNOTATIONS.filter((key) => crd.metadata.annotations?.[key]).map((key) => [key, crd.metadata.annotations[key]]));
  return { name: crd.metadata.name, ...(Object.keys(annotations).length ? { annotations } : {}), spec: withoutDescriptions(crd.spec) };
}

const commit = git(options.calico, 'rev-parse', `${options.ref}^{commit}`).trim();
const entries = crdsIn(options.calico, options.ref, CALICO_CRD_DIR).map(entryOf).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

if (options.chart) {
  // The chart's templates are plain YAML apart from a label; none of the CRD files is templated.
  const chart = new Map(crdsIn(options.chart, options['chart-ref'], CHART_CRD_DIR).map((crd) => [crd.metadata.name, entryOf(crd)]));
  const ours = new Map(entries.map((entry) => [entry.name, entry]));
  const problems = [
    ...[...ours.keys()].filter((name) => !chart.has(name)).map((name) => `${name}: not in the chart`),
    ...[...chart.keys()].filter((name) => !ours.has(name)).map((name) => `${name}: only in the chart`),
    ...[...ours].filter(([name, entry]) => chart.has(name) && !isDeepStrictEqual(entry, chart.get(name))).map(([name]) => `${name}: differs from the chart`),
  ];
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.error(`${entries.length} CRDs equal to the chart's (${options['chart-ref']}) but for descriptions, labels and bookkeeping annotations`);
}

const json = JSON.stringify(entries, null, 1);
// The data goes into a String.raw template: it must hold neither a backtick nor a substitution.
if (json.includes('`') || json.includes('${')) throw new Error('the CRD data holds a backtick or ${: choose another quoting');
const text = `// Generated by scripts/generate-crds.mjs: do not edit. Regenerate with
//   node scripts/generate-crds.mjs --calico <calico .git directory> --ref ${options.ref}
// Source: projectcalico/calico ${options.ref} (${commit}), ${CALICO_CRD_DIR}
// (Calico's CRDs, generated from its API types, and its copy of network-policy-api v0.1.1's
// admin network policy CRDs), without descriptions. Kept as JSON text, parsed only when the CRDs
// are emitted, so a render without them pays for none of it.
export const CALICO_CRDS_SOURCE = { repository: 'projectcalico/calico', ref: '${options.ref}', commit: '${commit}' } as const;

export const CALICO_CRDS_JSON = String.raw\`${json}\`;
`;

if (options.check) {
  const current = readFileSync(OUTPUT, 'utf8');
  if (current !== text) {
    console.error(`${OUTPUT} is not what ${options.ref} generates: run without --check and review the diff`);
    process.exit(1);
  }
  console.error(`${OUTPUT} is up to date with ${options.ref}`);
} else {
  writeFileSync(OUTPUT, text);
  console.error(`wrote ${entries.length} CRDs from ${options.ref} (${commit}) to ${OUTPUT}`);
}
