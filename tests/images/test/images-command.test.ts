import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { manifestRefs } from '../../../packages/lab/src/index.js';
import { containersConf, repoRoot } from './global-setup.js';

const run = promisify(execFile);
const refs = inject('imageRefs');

describe('tracing-lab images', () => {
  it('prints the four images under the names the manifests use, from the cache on a second run', async () => {
    const { stdout, stderr } = await run(
      'node',
      [`${repoRoot}packages/lab/dist/bin.js`, 'images'],
      {
        cwd: repoRoot,
        env: { ...process.env, CONTAINERS_CONF: containersConf },
      },
    );
    expect(stdout.trim().split('\n')).toEqual([
      `server=${refs.server}`,
      `client=${refs.client}`,
      `otel-collector=${refs['otel-collector']}`,
      `jaeger=${refs.jaeger}`,
    ]);
    expect(refs).toEqual(await manifestRefs(repoRoot));
    // the global setup built them moments ago, for this very commit
    expect(stderr).not.toMatch(/building/);
  });
});
