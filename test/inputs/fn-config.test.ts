// The example function configs in fn-config/ are valid, and the ConfigMap form reads dotted keys.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readFunctionConfig, splitConfigMapKey } from '../../src/inputs/function-config.js';

const dir = new URL('../../fn-config/', import.meta.url);
for (const file of readdirSync(dir).filter((name) => name.endsWith('.yaml'))) {
  test(`fn-config/${file} is a valid function config`, (t) => {
    const result = readFunctionConfig(parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, unknown>);
    t.true(result.ok, JSON.stringify(result));
  });
}

test('ConfigMap keys: dots split fields, except inside map-valued fields', (t) => {
  t.deepEqual(splitConfigMapKey('shoot.spec.kubernetes.version'), ['shoot', 'spec', 'kubernetes', 'version']);
  t.deepEqual(splitConfigMapKey('spec.crds'), ['crds']);
  t.deepEqual(
    splitConfigMapKey('shoot.spec.kubernetes.kubeAPIServer.runtimeConfig.admissionregistration.k8s.io/v1beta1'),
    ['shoot', 'spec', 'kubernetes', 'kubeAPIServer', 'runtimeConfig', 'admissionregistration.k8s.io/v1beta1'],
  );
});

test('ConfigMap values: booleans and lists parse, numbers keep their text', (t) => {
  const result = readFunctionConfig({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    data: {
      'shoot.spec.kubernetes.version': '1.30',
      'featureGates.SeamlessOverlaySwitch': 'false',
      'shoot.status.networking.pods': '[100.96.0.0/11]',
    },
  });
  t.deepEqual(result, {
    ok: true,
    spec: {
      featureGates: { SeamlessOverlaySwitch: false },
      shoot: { spec: { kubernetes: { version: '1.30' } }, status: { networking: { pods: ['100.96.0.0/11'] } } },
    },
  });
});

test('ConfigMap: a key that would overwrite another is an error naming both', (t) => {
  const result = readFunctionConfig({ apiVersion: 'v1', kind: 'ConfigMap', data: { shoot: 'x', 'shoot.spec.kubernetes.version': '1.34.2' } });
  t.false(result.ok);
  if (!result.ok) t.regex(result.errors[0]?.message ?? '', /conflicts/);
});

test('an unsupported function config kind is an error naming what is accepted', (t) => {
  const result = readFunctionConfig({ apiVersion: 'example.com/v1', kind: 'Something' });
  t.false(result.ok);
  if (!result.ok) t.regex(result.errors[0]?.message ?? '', /CalicoRenderConfig or a v1 ConfigMap/);
});

// Regression: unknown fields under spec.shoot were silently ignored (z.object), so a typo such as
// `kubeproxy` dropped the user's kube-proxy setting without a word.
const shootTypos: [string, Record<string, unknown>, { path: string; message: RegExp }[]][] = [
  ['CalicoRenderConfig', {
    apiVersion: 'fn.networking-calico.gardener.cloud/v1alpha1', kind: 'CalicoRenderConfig', metadata: { name: 'c' },
    spec: { shoot: { spec: { kubernetes: { version: '1.36.1', kubeproxy: { enabled: false } } }, stauts: {} } },
  }, [
    { path: 'spec.shoot.spec.kubernetes.kubeproxy', message: /unknown field "kubeproxy" \(did you mean "kubeProxy"\?\).*allowed fields: version, kubeProxy, kubeAPIServer, verticalPodAutoscaler$/ },
    { path: 'spec.shoot.stauts', message: /unknown field "stauts" \(did you mean "status"\?\).*allowed fields: spec, status$/ },
  ]],
  ['ConfigMap (kpt fn eval -- key=value)', {
    apiVersion: 'v1', kind: 'ConfigMap', data: { 'shoot.spec.kubernetes.version': '1.36.1', 'shoot.spec.kubernetes.kubeproxy.enabled': 'false', 'shoot.spec.networking.nodez': '10.0.0.0/8' },
  }, [
    { path: 'data.shoot.spec.kubernetes.kubeproxy', message: /unknown field "kubeproxy" \(did you mean "kubeProxy"\?\)/ },
    { path: 'data.shoot.spec.networking.nodez', message: /unknown field "nodez" \(did you mean "nodes"\?\).*allowed fields: nodes$/ },
  ]],
];
for (const [form, config, expected] of shootTypos) {
  test(`an unknown field under shoot is an error with its path, the allowed names and the nearest: ${form}`, (t) => {
    const result = readFunctionConfig(config);
    t.false(result.ok);
    const errors = result.ok ? [] : result.errors;
    t.deepEqual(errors.map((error) => error.path).sort(), expected.map((entry) => entry.path).sort());
    for (const entry of expected) t.regex(errors.find((error) => error.path === entry.path)?.message ?? '', entry.message);
  });
}

test('a Shoot item keeps its other fields to itself: only the function config is strict', async (t) => {
  const { shootFactsSchema } = await import('../../src/inputs/schemas.js');
  t.true(shootFactsSchema().safeParse({ apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', spec: { provider: { type: 'aws' }, kubernetes: { version: '1.36.1' } } }).success);
});
