#!/usr/bin/env node
// A kpt `exec:` mutator that runs after networking-calico-fn in a Kptfile pipeline and patches
// objects it generated: more memory for the calico-node container and a label on its DaemonSet,
// and a toleration for the typha autoscaler so it may run on a tainted system pool. It needs the
// `yaml` package (npm install yaml). networking-calico-fn generates its objects afresh on every
// render, so this patch is applied afresh too: every render gives the same files.
import { readFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument } from 'yaml';

const list = parseDocument(readFileSync(0, 'utf8'));
const items = list.get('items');
const named = (kind, name) => (isSeq(items) ? items.items : []).find((item) => isMap(item) && item.get('kind') === kind && item.getIn(['metadata', 'name']) === name);

const node = named('DaemonSet', 'calico-node');
if (node) {
  node.setIn(['metadata', 'labels', 'example.com/team'], 'network');
  const containers = node.getIn(['spec', 'template', 'spec', 'containers']);
  const calico = isSeq(containers) ? containers.items.find((container) => container.get('name') === 'calico-node') : undefined;
  calico?.setIn(['resources', 'requests', 'memory'], '256Mi');
}

const autoscaler = named('Deployment', 'calico-typha-horizontal-autoscaler');
if (autoscaler) {
  const toleration = { key: 'example.com/system-pool', operator: 'Exists', effect: 'NoSchedule' };
  const path = ['spec', 'template', 'spec', 'tolerations'];
  const tolerations = autoscaler.getIn(path);
  if (!isSeq(tolerations)) autoscaler.setIn(path, list.createNode([toleration]));
  else if (!tolerations.toJSON().some((entry) => entry.key === toleration.key)) tolerations.add(list.createNode(toleration));
}

// kpt hands a file's head comment over inside its item (`- # ...`); yaml would print it before
// the dash, which kpt reads as one more comment and writes into the file a second time.
for (const item of isSeq(items) ? items.items : []) {
  if (isMap(item) && item.commentBefore && item.items[0]) {
    item.items[0].key.commentBefore = item.commentBefore;
    item.commentBefore = undefined;
  }
}

process.stdout.write(list.toString({ lineWidth: 0 }));
