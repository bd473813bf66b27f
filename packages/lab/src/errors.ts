/**
 * A problem in what the user gave us (an option, a path, a missing tool):
 * the executable prints its message as one line and exits with code 2.
 */
export class LabConfigError extends Error {
  override name = 'LabConfigError';
}
