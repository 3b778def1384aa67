// Makes the release commit of VERSION on top of the checked-out commit, and tags it vVERSION:
// the same sources plus the built bundle (dist/), with no npm lifecycle scripts.
// Why: `npm install -g git+https://…#vVERSION` must give a working bin. npm builds a git
// dependency only through a nested `npm install` that, for a global install, installs the
// package itself instead of its build tools (npm/cli#8440, in npm 10 and 11), and it starts
// that nested install for any package with a `build`, `prepare`, `prepack` or install script.
// So a release tag carries the bundle and no such script. The release workflow
// (.github/workflows/release.yml) runs this after the tests; nothing is pushed here.
//
// usage: node scripts/release-commit.mjs VERSION     (e.g. 0.2.0)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const [version] = process.argv.slice(2);
if (!version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
  process.stderr.write('usage: node scripts/release-commit.mjs VERSION   (semver, e.g. 0.2.0)\n');
  process.exit(2);
}
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
if (git('status', '--porcelain') !== '') {
  process.stderr.write('release-commit: the work tree has uncommitted changes; release from a clean checkout\n');
  process.exit(1);
}

const setJson = (file, edit) => {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  edit(data);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
};
setJson('package.json', (pkg) => { pkg.version = version; });
setJson('package-lock.json', (lock) => {
  lock.version = version;
  if (lock.packages?.['']) lock.packages[''].version = version;
});
// Built after the version is set: `--version` prints it.
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
setJson('package.json', (pkg) => { delete pkg.scripts; });

git('add', '--force', 'dist', 'package.json', 'package-lock.json');
git('commit', '--quiet', '--message', `Release v${version}: the built bundle, no npm lifecycle scripts (installable from git)`);
git('tag', `v${version}`);
process.stdout.write(`tagged v${version} at ${git('rev-parse', '--short', 'HEAD')}; push it with: git push origin v${version}\n`);
