// Where the input cannot show the previous render (Argo CD, render DIR to stdout), the output must
// not change with the clock alone: maxSnapshotAge is judged only next to our previous render.
import test from 'ava';
import { processResourceList } from '../../src/krm/process.js';
import { resourceListFor, TESTDATA } from '../support/golden.js';

const withMaxAge = (text: string) => text.replace('crds: Skip', 'crds: Skip\n    overlaySwitch:\n      maxSnapshotAge: 30m');
const render = (text: string, now: string) => processResourceList(text, { now: new Date(now) });

for (const name of ['switch-kubectl-tunnels-released', 'switch-kubectl-tunnels-held']) {
  test(`${name} with maxSnapshotAge and no previous render: the same output a minute and a year after capture`, (t) => {
    const input = withMaxAge(resourceListFor(`${TESTDATA}${name}`));
    t.true(input.includes('maxSnapshotAge: 30m'), 'the config carries maxSnapshotAge');
    const soon = render(input, '2026-11-23T11:56:00Z');
    const late = render(input, '2027-11-23T11:56:00Z');
    t.is(soon.exitCode, 0);
    t.is(late.stdout, soon.stdout);
  });
}

test('with our previous render still on, the snapshot age decides whether the switch starts (a hold keeps what was rendered)', (t) => {
  const input = resourceListFor(`${TESTDATA}switch-stale-snapshot`);
  const fresh = render(input, '2026-11-23T09:10:00Z');
  const stale = render(input, '2026-11-23T12:00:00Z');
  t.regex(fresh.stdout ?? '', /all 3 nodes report/);
  t.regex(stale.stdout ?? '', /holding the overlay \(ipip\) on/);
});

// Found by a hostile review (tenth session): a capture time in the future (a node's clock running
// ahead, whose heartbeat became the snapshot's time) counted as fresh for any maxSnapshotAge.
test("a snapshot captured later than the render's clock (beyond 5 minutes of skew) holds the switch: its age is unknown", (t) => {
  const input = resourceListFor(`${TESTDATA}switch-stale-snapshot`);
  t.regex(input, /capturedAt: "?2026-11-23T09:00:00Z/);
  const ahead = render(input, '2026-11-23T08:00:00Z');
  t.regex(ahead.stdout ?? '', /holding the overlay \(ipip\) on.*the node snapshot says it was captured at 2026-11-23T09:00:00Z, later than this render's clock \(2026-11-23T08:00:00\.000Z\) by more than 5 minutes: a node's clock runs ahead, or capturedAt is wrong, so its age cannot be judged against overlaySwitch\.maxSnapshotAge \(30m\)/);
  t.regex(render(input, '2026-11-23T08:56:00Z').stdout ?? '', /all 3 nodes report/, 'four minutes ahead: within the allowance');
});
