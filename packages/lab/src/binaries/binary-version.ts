import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The version a binary reports: `otelcol-contrib version 0.161.0` for a Collector,
 * `{"gitVersion":"v2.13.0",...}` from `jaeger version`. Undefined when it reports none.
 *
 * @example await binaryVersion('jaeger', '/usr/local/bin/jaeger') // '2.13.0'
 */
export async function binaryVersion(
  kind: 'otelcol' | 'jaeger',
  path: string,
): Promise<string | undefined> {
  const args = kind === 'otelcol' ? ['--version'] : ['version'];
  const { stdout, stderr } = await run(path, args, { timeout: 30_000 });
  const pattern = kind === 'otelcol' ? /version v?(\d[\w.-]*)/ : /"gitVersion":"v?(\d[\w.-]*)"/;
  return pattern.exec(`${stdout}\n${stderr}`)?.[1];
}

/**
 * Jaeger embeds the UI build (whose assets sit under `static/`) in `actual/`; a build from the Go
 * module has only a placeholder there. The file names are stored in the binary, so looking for
 * them tells the two apart without starting Jaeger.
 */
export async function jaegerServesUI(path: string): Promise<boolean> {
  const marker = Buffer.from('actual/static/');
  let previous = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    // keep the end of the previous chunk: the marker may straddle two reads
    const window = Buffer.concat([previous, chunk as Buffer]);
    if (window.includes(marker)) return true;
    previous = window.subarray(window.length - marker.length);
  }
  return false;
}
