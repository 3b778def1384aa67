// Tests that need an external tool (kpt, kubectl): they run when the tool does. Under CI
// (CI=true) a missing tool fails the run; elsewhere its tests are skipped with a notice.
import test, { type TestFn } from 'ava';
import { spawnSync } from 'node:child_process';

/** `test` when `command versionArgs` succeeds, `test.skip` otherwise (a failing test under CI). */
export function testNeeding(command: string, versionArgs: readonly string[]): TestFn {
  if (spawnSync(command, versionArgs, { encoding: 'utf8' }).status === 0) return test;
  if (process.env.CI === 'true') {
    test(`${command} is installed (required under CI)`, (t) => t.fail(`${command} is not on the PATH; CI runs the tests that need it`));
  } else {
    console.warn(`NOTICE: ${command} is not on the PATH, skipping the tests that need it`);
  }
  return test.skip as unknown as TestFn;
}
