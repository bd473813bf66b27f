import { ensureBinaries } from './ensure-binaries.js';
import type { Binaries, EnsureBinariesOptions } from './types.js';

export interface PrintBinariesOptions extends EnsureBinariesOptions {
  /** Where the result goes (stdout in the bin), one `NAME=path` line per binary. */
  print?: (line: string) => void;
}

/**
 * The `tracing-lab binaries` command: builds or finds both binaries, progress on `onProgress`,
 * then prints lines a shell can reuse (`export $(tracing-lab binaries)`).
 *
 * @example await printBinaries({ cacheDir, onProgress: console.error }); // warms the CI cache
 */
export async function printBinaries({
  print = console.log,
  onProgress = console.error,
  ...options
}: PrintBinariesOptions): Promise<Binaries> {
  const binaries = await ensureBinaries({ ...options, onProgress });
  if (!binaries.jaegerHasUI) {
    onProgress(
      'jaeger serves a placeholder page instead of the UI (built from the Go module); the query ' +
        'API works. For the UI, set TRACING_LAB_JAEGER to a binary from the official release.',
    );
  }
  print(`TRACING_LAB_OTELCOL=${binaries.otelcol}`);
  print(`TRACING_LAB_JAEGER=${binaries.jaeger}`);
  return binaries;
}
