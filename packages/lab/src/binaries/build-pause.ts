import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runBuildStep } from './run-go.js';
import { scratchImage } from './scratch-image.js';
import type { Versions } from './types.js';

/** The pod sandbox image: `builds/pause/pause.c` compiled static, alone in an image. */
export async function buildPause(
  tmpDir: string,
  versions: Versions,
  sourceDir: string,
  ref: string,
  onProgress: (line: string) => void,
): Promise<void> {
  const step = { cwd: tmpDir, label: 'pause', onProgress, versions, startedAt: Date.now() };
  await copyFile(join(sourceDir, 'pause.c'), join(tmpDir, 'pause.c'));
  await runBuildStep('gcc', ['-static', '-Os', '-s', '-o', 'pause', 'pause.c'], step);
  await scratchImage({ dir: tmpDir, ref, program: join(tmpDir, 'pause'), user: '65535' });
}
