import { analyseCollectorConfig } from './collector-config.js';
import { exportFailures } from './collector-log.js';
import { endpointProblem } from './export-endpoint.js';
import { collectorConfigMap, rolloutProblem } from './rollout.js';
import type { NamespaceState, Step } from './types.js';
import { type ComponentHealth, componentHealth } from './workloads.js';

/** The Reloader opt-in label (kustomize/facilitator/reloader-values.yaml). */
export const RELOADER_LABEL = 'tracing-lab.dev/reloader';

const deployHint = (health: ComponentHealth, ns: string) => {
  const p = health.problem ?? '';
  const pod = /pod (\S+)/.exec(p)?.[1];
  if (!health.deployed)
    return `deploy it: kubectl apply -k kustomize/overlays/exercise -l app.kubernetes.io/name=${health.name} -n ${ns}`;
  if (/CrashLoopBackOff|Error/.test(p) && !/Image/.test(p))
    return `its last words tell why it stops: kubectl logs ${pod} --previous -n ${ns}`;
  if (/Image/.test(p))
    return `the node cannot get the image: kubectl describe pod ${pod} -n ${ns} (setup guide: loading the images)`;
  return `kubectl describe ${pod ? `pod ${pod}` : `deploy/${health.name}`} -n ${ns} shows the events`;
};

function running(title: string, names: string[], all: ComponentHealth[], ns: string): Step {
  const mine = all.filter((h) => names.includes(h.name));
  const sick = mine.find((h) => !h.healthy);
  if (!sick) return { title, done: true, detail: `${names.join(', ')} Ready` };
  return { title, done: false, detail: sick.problem ?? '', hint: deployHint(sick, ns) };
}

/**
 * The exercise's steps, in the guide's order, each checked on its own. The first one not done
 * is where the attendee stands; its hint points at where to look, not at the answer.
 */
export function exerciseSteps(state: NamespaceState): Step[] {
  const ns = state.namespace;
  const health = componentHealth(state);
  const steps: Step[] = [
    running('server and client running (step 1)', ['server', 'client'], health, ns),
    running('Collector running (step 2)', ['otel-collector'], health, ns),
  ];

  const configMap = collectorConfigMap(state);
  const config = analyseCollectorConfig(configMap?.data?.['config.yaml'] ?? '');
  const problems = new Map<string, string[]>();
  for (const name of ['client', 'server']) {
    const deployment = state.deployments.find((d) => d.metadata.name === name);
    const problem = deployment && endpointProblem(deployment, state.services);
    if (problem) problems.set(problem, [...(problems.get(problem) ?? []), name]);
  }
  const endpoint = [...problems].map(([problem, names]) =>
    names.length > 1
      ? `${names.join(' and ')} ${problem.replace(/^exports /, 'export ')}`
      : `${names[0]} ${problem}`,
  );
  const receivers = config.localhostReceivers.map((r) => `Collector receiver ${r}`);
  const exportFault = [...endpoint, ...receivers][0];
  steps.push({
    title: 'telemetry sent to the Collector (step 2, Q1-Q2)',
    done: !exportFault,
    detail: exportFault ?? 'client and server export to otel-collector, which listens',
    hint: endpoint.length
      ? `which OTEL_ variable says where the SDK exports, and which Service receives OTLP gRPC? kubectl kustomize kustomize/overlays/exercise | grep -A1 OTEL_; kubectl get svc -n ${ns}`
      : 'a receiver bound to localhost refuses other pods; compare with the health_check endpoint',
  });
  steps.push(running('Jaeger running (step 3)', ['jaeger'], health, ns));

  const jaeger = config.jaegerExporters.find((e) => e.inTraces);
  const unlisted = config.jaegerExporters.find((e) => !e.inTraces);
  steps.push({
    title: 'Collector exports traces to Jaeger (step 4, Q4)',
    done: !!jaeger && !config.error,
    detail: !configMap
      ? 'the Collector mounts no ConfigMap found here'
      : config.error
        ? `${configMap.metadata.name} config.yaml: ${config.error}`
        : jaeger
          ? `traces pipeline exports to [${config.tracesExporters.join(', ')}]`
          : unlisted
            ? `exporter ${unlisted.name} is defined, but the traces pipeline does not list it`
            : `traces pipeline exports to [${config.tracesExporters.join(', ')}] only`,
    hint: unlisted
      ? 'an exporter only runs when a pipeline names it (service.pipelines.traces.exporters)'
      : `the Collector needs an OTLP gRPC exporter aimed at the jaeger Service (kubectl get svc jaeger -n ${ns}), listed in the traces pipeline`,
  });

  const stale = rolloutProblem(state, configMap);
  const optedIn = state.labels[RELOADER_LABEL] === 'enabled';
  steps.push({
    title: 'Collector runs its latest config (step 4, Q5)',
    done: !stale,
    detail: stale ?? 'the Collector started after its ConfigMap last changed',
    hint: optedIn
      ? 'Reloader reacts only to changes made after the label was set: replace the pod once by hand'
      : 'the Collector reads config.yaml once, at start: the file changed, the process did not (Q5); how does a pod get replaced?',
  });

  const failure = exportFailures(state.collectorLog ?? '')[0];
  const exporting = !!jaeger && !stale;
  steps.push({
    title: 'Collector export to Jaeger succeeds (step 4, Q7)',
    done: exporting && !failure,
    detail: failure
      ? `${failure.exporter}: ${failure.error}`
      : exporting
        ? 'no export error in the last minute'
        : 'the running Collector does not export to Jaeger yet',
    hint: failure?.tls
      ? "the exporter speaks TLS, Jaeger's port 4317 plaintext: see the exporter's TLS options (config/configtls)"
      : `kubectl logs deploy/otel-collector -n ${ns}`,
  });

  const jaegerUp = health.find((h) => h.name === 'jaeger')?.healthy;
  const services = jaegerUp ? state.jaegerServices : { error: 'Jaeger is not running' };
  const missing = Array.isArray(services)
    ? ['client', 'server'].filter((s) => !services.includes(s))
    : ['client', 'server'];
  steps.push({
    title: 'traces in Jaeger (step 5)',
    done: missing.length === 0,
    detail: !Array.isArray(services)
      ? jaegerUp
        ? `could not ask Jaeger: ${services.error}`
        : services.error
      : missing.length
        ? `Jaeger has no traces of ${missing.join(' and ')} yet`
        : 'Jaeger has traces of client and server: find the latency hotspot (Q8)',
    hint: `traces arrive seconds after client and server reach the Collector (kubectl logs deploy/client -n ${ns}). The UI: kubectl port-forward svc/jaeger 16686 -n ${ns}`,
  });
  return steps;
}
