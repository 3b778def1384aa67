// Helpers for the end-to-end tests through the real kpt binary. Under CI (CI=true) a missing
// kpt fails; elsewhere the kpt tests are skipped with a notice.
import type { TestFn } from 'ava';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testNeeding } from './tools.js';

export const REPO = new URL('../../', import.meta.url).pathname;
export const BIN = join(REPO, 'dist/networking-calico-fn.cjs');

/** `test` when kpt can run, `test.skip` otherwise; fails the run under CI when kpt is missing. */
export function kptTest(): TestFn {
  return testNeeding('kpt', ['version']);
}

/** The Kptfile of a user's package that runs the function with its config file: `exec` names the function. */
export function userKptfile(exec: string): string {
  return `apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: shoot-calico
  annotations:
    config.kubernetes.io/local-config: "true"
pipeline:
  mutators:
  - exec: ${exec}
    configPath: render-calico.yaml
`;
}

export function kpt(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync('kpt', args, { cwd, encoding: 'utf8', env });
}

/**
 * A throw-away copy of the repository as a fresh clone has it (every tracked file), plus the
 * built function: the repository root is the kpt package, so .krmignore gaps show here.
 */
export function packageCopy(): string {
  if (!existsSync(BIN)) throw new Error('dist/ is missing: run npm run build (npm test does)');
  const dir = mkdtempSync(join(tmpdir(), 'ncfn-e2e-'));
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of [...tracked, 'dist']) {
    if (existsSync(join(REPO, file))) cpSync(join(REPO, file), join(dir, file), { recursive: true });
  }
  return dir;
}

/** Every file of a folder with its content, for before/after comparisons. */
export function snapshotFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files.set(path, readFileSync(join(dir, path), 'utf8'));
    }
  };
  walk('');
  return files;
}
