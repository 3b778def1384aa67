// A failure the user can act on (API error, bad kubeconfig, unwritable output): the command
// prints its one-line message and exits 1. Anything else is a bug and keeps its stack.
export class SnapshotFailure extends Error {
  override name = 'SnapshotFailure';
}
