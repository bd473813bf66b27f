import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Asks the Collector itself whether a config is valid (`otelcol validate`), which catches what a
 * YAML check cannot: unknown component types, pipelines naming undefined components, bad fields.
 *
 * Several files are merged in order, as `otelcol --config=a --config=b` would.
 *
 * @example const { ok, output } = await validateCollectorConfig(otelcol, 'config.yaml');
 */
export async function validateCollectorConfig(
  otelcol: string,
  configFiles: string | string[],
): Promise<{ ok: boolean; output: string }> {
  const configs = [configFiles].flat().map((file) => `--config=${file}`);
  try {
    const { stdout, stderr } = await run(otelcol, ['validate', ...configs], { timeout: 60_000 });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const { stdout = '', stderr = '', message } = error as Error & Record<string, string>;
    return { ok: false, output: `${stdout}${stderr}` || message };
  }
}
