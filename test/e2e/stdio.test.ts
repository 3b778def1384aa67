// How the bin's answer reaches a reader. What can differ from a plain blocking pipe: a non-blocking
// pipe (a parent that set O_NONBLOCK; write(2) then says EAGAIN once the pipe is full), and a
// reader that leaves early (`| head`: EPIPE). Neither may lose, reorder or garble the answer, or
// end in an error.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { BIN, REPO } from '../support/kpt.js';

/** The bundled example, CRDs included: an answer of about 250 KB. */
const example = (file: string) => parse(readFileSync(join(REPO, 'example', file), 'utf8')) as unknown;
const input = stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [example('network.yaml')], functionConfig: example('render-calico.yaml') });
const expected = spawnSync(process.execPath, [BIN], { input, encoding: 'utf8', maxBuffer: 1 << 26 });

// Node's child_process always hands a child blocking stdio; Python's os.pipe can give it a
// non-blocking one. The parent reads nothing for half a second, so the ~250 KB answer fills the
// 64 KiB pipe and the bin's write(2) meets EAGAIN.
const NON_BLOCKING_PARENT = String.raw`
import fcntl, os, subprocess, sys, time
read_end, write_end = os.pipe()
fcntl.fcntl(write_end, fcntl.F_SETFL, fcntl.fcntl(write_end, fcntl.F_GETFL) | os.O_NONBLOCK)
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, stdout=write_end, stderr=subprocess.PIPE)
os.close(write_end)
child.stdin.write(sys.stdin.buffer.read())
child.stdin.close()
time.sleep(0.5)
answer = b''
while chunk := os.read(read_end, 65536):
    answer += chunk
child.wait()
sys.stdout.buffer.write(answer)
sys.stderr.write('exit %d\n' % child.returncode + child.stderr.read().decode())
`;

test('a non-blocking stdout that fills up (EAGAIN) still gets the whole answer, in order', (t) => {
  t.is(expected.status, 0, expected.stderr);
  t.true(expected.stdout.length > 2 * 65536, 'the answer is larger than a pipe holds');
  const run = spawnSync('python3', ['-c', NON_BLOCKING_PARENT, process.execPath, BIN], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  t.is(run.status, 0, run.stderr);
  t.is(run.stderr, 'exit 0\n');
  t.is(run.stdout, expected.stdout);
});

test('a reader that stops early (| head) ends the render quietly, with its exit code', (t) => {
  // pipefail: the pipeline's status is the bin's, not head's.
  const run = spawnSync('bash', ['-c', 'set -o pipefail; "$0" "$1" | head -c 100', process.execPath, BIN], { input, encoding: 'utf8' });
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout, expected.stdout.slice(0, 100));
  t.is(run.stderr, '', 'no EPIPE error, no stack');
});

// Found by a hostile review (tenth session): the snapshot command, which exits once its text is
// out, waited for a 'drain' that never came when the rest handed to the stream was small, or the
// reader had left: every byte arrived, and the exit code was 2, with no word.
const nodeList = (count: number) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array.from({ length: count }, (_, index) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${index}`, annotations: { a: 'b' } }, status: { conditions: [{ type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated', message: 'RouteController created a route', lastTransitionTime: '2026-01-01T00:00:00Z' }] } })) });
for (const count of [310, 2000]) {
  test(`snapshot of ${count} nodes to a non-blocking stdout that fills up: the whole snapshot, exit 0`, (t) => {
    const directory = mkdtempSync(join(tmpdir(), 'ncfn-stdio-'));
    t.teardown(() => rmSync(directory, { recursive: true, force: true }));
    const file = join(directory, 'nodes.json');
    writeFileSync(file, nodeList(count));
    const args = ['snapshot', '--from', file, '--captured-at', '2026-01-01T00:00:00Z'];
    const whole = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
    t.is(whole.status, 0, whole.stderr);
    t.true(whole.stdout.length > 65536, 'more than a pipe holds');
    const run = spawnSync('python3', ['-c', NON_BLOCKING_PARENT, process.execPath, BIN, ...args], { input: '', encoding: 'utf8', maxBuffer: 1 << 26 });
    t.is(run.stderr, 'exit 0\n');
    t.is(run.stdout, whole.stdout);
    const head = spawnSync('bash', ['-c', 'set -o pipefail; "$0" "$@" | head -c 100', process.execPath, BIN, ...args], { encoding: 'utf8' });
    t.is(head.status, 0, head.stderr);
    t.is(head.stdout, whole.stdout.slice(0, 100));
  });
}

// A stdout that is a TCP socket, non-blocking, whose reader takes some 50 KB and then resets the
// connection: the write fails with ECONNRESET, not EPIPE (the reader did not merely leave).
const RESET_READER = String.raw`
import os, socket, struct, subprocess, sys, time
server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen(1)
client = socket.socket(); client.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096); client.connect(server.getsockname())
peer, _ = server.accept(); peer.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
client.setblocking(False)
child = subprocess.Popen(sys.argv[1:], stdout=client.fileno(), stderr=subprocess.PIPE)
client.close()
got = b''
while len(got) < 50000:
    chunk = peer.recv(4096)
    if not chunk: break
    got += chunk
    time.sleep(0.01)
peer.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
peer.close()
child.wait(timeout=30)
sys.stdout.write('exit %d bytes %d\n' % (child.returncode, len(got)) + child.stderr.read().decode())
`;

// Found by a hostile review (tenth session): the snapshot command's exit at the end overrode the
// exit code 1 the failed stream had set, so a snapshot cut short exited 0.
test('snapshot to a stdout whose reader resets the connection: exit 1, saying so', (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'ncfn-stdio-'));
  t.teardown(() => rmSync(directory, { recursive: true, force: true }));
  const file = join(directory, 'nodes.json');
  writeFileSync(file, nodeList(4000));
  const run = spawnSync('python3', ['-c', RESET_READER, process.execPath, BIN, 'snapshot', '--from', file, '--captured-at', '2026-01-01T00:00:00Z'], { encoding: 'utf8' });
  t.regex(run.stdout, /^exit 1 bytes \d+\nnetworking-calico-fn: cannot write to standard output: write (ECONNRESET|EPIPE)\n$/);
});

// The writer behind both (src/cli/standard-streams.ts), on stderr as well as stdout: it writes with
// write(2) and hands the rest to Node's stream at EAGAIN. Stderr never carries 250 KB from the
// bin, so a script of ours writes 300 KB in 3 parts through it, to a descriptor the parent made
// non-blocking and reads only after half a second.
const NON_BLOCKING_DESCRIPTOR_PARENT = String.raw`
import fcntl, os, subprocess, sys, time
fd = int(sys.argv[1])
read_end, write_end = os.pipe()
fcntl.fcntl(write_end, fcntl.F_SETFL, fcntl.fcntl(write_end, fcntl.F_GETFL) | os.O_NONBLOCK)
child = subprocess.Popen(sys.argv[2:], stdout=write_end if fd == 1 else subprocess.DEVNULL, stderr=write_end if fd == 2 else subprocess.DEVNULL)
os.close(write_end)
time.sleep(0.5)
received = b''
while chunk := os.read(read_end, 65536):
    received += chunk
sys.stdout.buffer.write(received)
sys.exit(child.wait())
`;

for (const [fd, writer] of [[1, 'writeStdout'], [2, 'writeStderr']] as const) {
  test(`${writer}: a non-blocking descriptor that fills up (EAGAIN) gets all the text, in order`, (t) => {
    const parts = ['a', 'b', 'c'].map((letter) => `${letter.repeat(99_999)}\n`);
    const script = `import { ${writer} } from ${JSON.stringify(join(REPO, 'src/cli/standard-streams.ts'))};\nfor (const letter of 'abc') ${writer}(letter.repeat(99_999) + '\\n');`;
    const run = spawnSync('python3', ['-c', NON_BLOCKING_DESCRIPTOR_PARENT, String(fd), process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
    t.is(run.status, 0, run.stderr);
    t.is(run.stdout, parts.join(''));
  });
}

// The input side: the bin reads stdin with read(2) and goes on with a stream when a non-blocking
// stdin has nothing yet (EAGAIN). The parent writes nothing for half a second, then the input in
// two parts.
const NON_BLOCKING_STDIN_PARENT = String.raw`
import fcntl, os, subprocess, sys, time
read_end, write_end = os.pipe()
fcntl.fcntl(read_end, fcntl.F_SETFL, fcntl.fcntl(read_end, fcntl.F_GETFL) | os.O_NONBLOCK)
child = subprocess.Popen([sys.argv[1], sys.argv[2]], stdin=read_end, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
os.close(read_end)
data = sys.stdin.buffer.read()
time.sleep(0.5)
os.write(write_end, data[:500])
time.sleep(0.2)
os.write(write_end, data[500:])
os.close(write_end)
answer, errors = child.communicate()
sys.stdout.buffer.write(answer)
sys.stderr.write('exit %d\n' % child.returncode + errors.decode())
`;

test('a non-blocking stdin that is empty at first (EAGAIN) is read whole, as a stream', (t) => {
  const run = spawnSync('python3', ['-c', NON_BLOCKING_STDIN_PARENT, process.execPath, BIN], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  t.is(run.status, 0, run.stderr);
  t.is(run.stderr, 'exit 0\n');
  t.is(run.stdout, expected.stdout);
});
