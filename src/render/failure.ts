// A failure of the render command the user can act on (an unreadable file, a bad option, an unwritable output directory).
import { CommandFailure } from '../cli/command.js';

export class RenderFailure extends CommandFailure {
  override name = 'RenderFailure';
}
