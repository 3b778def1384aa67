// A file of the install that is not what the build wrote (cut short by a full disk or an
// interrupted copy, or left from another version by a half-done upgrade): the user's to mend by
// reinstalling, not a bug of ours to report. The bin and the core are separate bundles, each with
// its own copy of this module, so the bin knows the error by its name, not by its class.
const INSTALL_DAMAGED = 'InstallDamaged';

export function installDamaged(file: string, what: string): Error {
  const error = new Error(`${file} ${what}: the install is damaged; reinstall networking-calico-fn`);
  error.name = INSTALL_DAMAGED;
  return error;
}

export function isInstallDamaged(error: unknown): error is Error {
  return error instanceof Error && error.name === INSTALL_DAMAGED;
}
