// A failure of the snapshot command the user can act on (API error, bad kubeconfig, unwritable output).
import { CommandFailure } from '../cli/command.js';

export class SnapshotFailure extends CommandFailure {
  override name = 'SnapshotFailure';
}
