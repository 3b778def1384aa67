#!/usr/bin/env python3
"""Start-up of the default render, finer than `npm run bench`: paired, alternating runs of the
node floor, our default render and (given a chart and helm) `helm template`, each started with
posix_spawn (no GNU time in between), stdout a pipe read to its end, wall time from the parent's
clock and CPU time (user + sys) from wait4's microsecond rusage. Medians.

usage: python3 scripts/bench-start.py [--runs N] [--chart DIR --helm PATH] [--bin PATH ...]
(after `npm run build`; the input is the bench's default workload; --bin, repeatable, compares
other builds' bins, e.g. an older commit's dist/networking-calico-fn.cjs, in the same rounds)"""
import argparse, os, statistics, subprocess, sys, tempfile, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
options = argparse.ArgumentParser()
options.add_argument('--runs', type=int, default=41)
options.add_argument('--chart')
options.add_argument('--helm')
options.add_argument('--bin', action='append', default=[])
args = options.parse_args()

node = subprocess.run(['node', '-p', 'process.execPath'], capture_output=True, text=True, check=True).stdout.strip()
script = "import('./scripts/bench-inputs.mjs').then((m) => process.stdout.write(m.benchWorkloads({ compact: [], list: [] }).find(([name]) => name === 'default')[1]))"
with tempfile.NamedTemporaryFile('w', suffix='.yaml', delete=False) as handle:
    handle.write(subprocess.run([node, '-e', script], cwd=REPO, capture_output=True, text=True, check=True).stdout)
    default_input = handle.name

subjects = {
    'node floor': ([node, '-e', 'process.stdin.resume(); process.stdin.on("end", () => {})'], default_input),
    'default render': ([node, os.path.join(REPO, 'dist/networking-calico-fn.cjs')], default_input),
    **{bin: ([node, bin], default_input) for bin in args.bin},
}
if args.chart and args.helm:
    subjects['helm template'] = ([args.helm, 'template', 'calico', args.chart, '-f', os.path.join(REPO, 'scripts/bench-helm-values.yaml'), '--namespace', 'kube-system', '--kube-version', '1.34.2'], os.devnull)

def run(argv, stdin_path):
    stdin, null = os.open(stdin_path, os.O_RDONLY), os.open(os.devnull, os.O_WRONLY)
    read_end, write_end = os.pipe()
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, stdin, 0), (os.POSIX_SPAWN_DUP2, write_end, 1), (os.POSIX_SPAWN_DUP2, null, 2), (os.POSIX_SPAWN_CLOSE, read_end)])
    os.close(write_end)
    while os.read(read_end, 1 << 20):
        pass
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    for fd in (stdin, null, read_end):
        os.close(fd)
    if status != 0:
        sys.exit(f'{argv} failed: {status}')
    return wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000

results = {name: [] for name in subjects}
for round in range(3 + args.runs):
    for name, (argv, stdin_path) in subjects.items():
        measured = run(argv, stdin_path)
        if round >= 3:
            results[name].append(measured)
os.unlink(default_input)

floor = statistics.median(wall for wall, _ in results['node floor'])
floor_cpu = statistics.median(cpu for _, cpu in results['node floor'])
print(f'{args.runs} paired runs after 3 warm-up rounds, medians; NODE_EXTRA_CA_CERTS {"set" if os.environ.get("NODE_EXTRA_CA_CERTS") else "not set"}')
for name, runs in results.items():
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    print(f'{name:15} wall {wall:6.1f} ms ({wall / floor:4.2f}x floor)  CPU {cpu:6.1f} ms ({cpu / floor_cpu:4.2f}x floor)')
