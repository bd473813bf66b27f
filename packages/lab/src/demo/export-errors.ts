import type { Kubectl } from '../kube-cluster/kubectl.js';
import { type Clock, pause } from './clock.js';

const EXPORT_FAILED = /^\[telemetry\] traces export to .* failed.*$/m;

/**
 * The exercise's symptom, printed as the pods log it: the line where the client and the server
 * say their traces cannot be exported, once each, while Jaeger stays empty.
 */
export async function watchExportErrors(
  kubectl: Kubectl,
  namespace: string,
  clock: Clock,
  print: (line: string) => void,
) {
  const waiting = new Set(['client', 'server']);
  while (!clock.over() && waiting.size > 0) {
    for (const deployment of waiting) {
      const logs = await kubectl(['-n', namespace, 'logs', `deploy/${deployment}`]).catch(() => '');
      const line = EXPORT_FAILED.exec(logs)?.[0];
      if (!line) continue;
      print(`${deployment} logs (${clock.elapsed()} after start): ${line}`);
      waiting.delete(deployment);
    }
    await pause(clock, 1000);
  }
  if (waiting.size === 0)
    print('Nothing reaches Jaeger until the exporter endpoint is fixed: that is the exercise.');
  while (!clock.over()) await pause(clock, 60_000);
}
