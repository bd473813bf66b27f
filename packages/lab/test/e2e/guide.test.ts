import {
  copyFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jaegerApi, tagOf } from '../../src/jaeger-api.js';
import type { Kubectl } from '../../src/kube-cluster/kubectl.js';
import { repoRoot, waitFor } from '../helpers.js';
import { sharedCluster, type TestCluster } from '../kubernetes/shared-cluster.js';
import { type GuideBlock, pageBlocks } from './guide-blocks.js';
import { runInBackground, runToEnd, type Shell } from './guide-shell.js';

/*
 * The workshop guide, run as written against a real cluster: for each language, every `sh run`
 * block of docs/<lang>/, in the order an attendee reads the pages, with bash.
 *
 * - The namespace: the guide names the attendee's namespace `trainee-7` (setup.md creates it,
 *   labels it restricted and makes it the context's default; step 4 labels it). The test replaces
 *   that word, and only it, with a fresh name; every other command runs in the context's default
 *   namespace, as the guide says. KUBECONFIG is a copy of the cluster's, so `set-context` changes
 *   the copy only, and PATH starts with the kubectl built with the cluster.
 * - The files: blocks run in a fresh copy of kustomize/ (the folder attendees edit), with
 *   packages/ linked from this checkout (built) for `node packages/lab/dist/bin.js`.
 * - The edits a person makes in an editor are EDITS below, made just before the named block.
 * - `run background` blocks (port-forwards) start in the background; the next block waits for
 *   their `Forwarding from` line; they are stopped at the end of their page.
 */

const PAGES = ['setup.md', 'exercise.md', 'solution.md', 'going-further.md', 'facilitator.md'];
const GUIDE_NAMESPACE = 'trainee-7';
const docsDir = join(repoRoot, 'docs');
const blocksOf = (lang: string) => PAGES.flatMap((page) => pageBlocks(docsDir, lang, page));

/** What a `needs=` block needs that a test machine has not, by name. */
const NEEDS: Record<string, string> = {
  github: 'a clone from GitHub (the test runs from this checkout)',
  'trainer-kubeconfig': "the trainer's kubeconfig file (the test gives its own)",
  kind: 'kind',
  k3d: 'k3d',
  docker: 'a Docker engine',
  registry: 'a reachable image registry (ghcr.io)',
  helm: 'helm and its chart repositories',
  'own-cluster': 'a cluster of its own: it changes cluster-wide objects and other namespaces',
  crashloop: 'a Collector in CrashLoopBackOff (troubleshooting)',
  'no-cluster': 'a machine without a cluster (the local demo serves 16686 itself)',
};

const EXPECTED_SKIPS = [
  'setup.md needs=github',
  'setup.md needs=trainer-kubeconfig',
  'setup.md needs=kind',
  'setup.md needs=k3d',
  'setup.md needs=registry',
  'setup.md needs=kind',
  'setup.md needs=docker',
  'setup.md needs=kind',
  'setup.md needs=k3d',
  'setup.md needs=no-cluster',
  'exercise.md needs=helm',
  'going-further.md needs=helm',
  'facilitator.md needs=helm',
  'facilitator.md needs=own-cluster',
  'facilitator.md needs=own-cluster',
  'facilitator.md needs=own-cluster',
  'facilitator.md needs=crashloop',
];

function edit(file: string, from: RegExp | string, to: string) {
  const text = readFileSync(file, 'utf8');
  const edited = text.replace(from, to);
  if (edited === text) throw new Error(`${file}: ${from} not found`);
  writeFileSync(file, edited);
}

/** The edits the guide asks for in an editor, made before the block that applies them. */
const EDITS: Record<string, (work: string) => void> = {
  // Q2: the Collector's Service, OTLP gRPC port, in both patches.
  'step2-redeploy': (work) => {
    for (const program of ['server', 'client'])
      edit(
        join(work, `kustomize/overlays/exercise/${program}-otlp-endpoint.yaml`),
        'value: http://xxx:123',
        'value: http://otel-collector:4317',
      );
  },
  // Q4 with Q7: step 4's hint, the exporter to Jaeger in plaintext, then in the traces pipeline.
  'step4-redeploy': (work) => {
    const config = join(work, 'kustomize/overlays/exercise/otel-collector-config.yaml');
    edit(
      config,
      '    verbosity: normal\n',
      '    verbosity: normal\n  otlp_grpc/jaeger:\n    endpoint: jaeger:4317\n    tls:\n      insecure: true\n',
    );
    edit(config, /(traces:\n(?:.*\n)*?\s+exporters: )\[debug\]/, '$1[debug, otlp_grpc/jaeger]');
  },
};

interface Run {
  ns: string;
  shell: Shell;
  kubectl: Kubectl;
  jaeger?: ReturnType<typeof jaegerApi>;
}

const collectorPod = async ({ ns, kubectl }: Run) =>
  kubectl(['-n', ns, 'get', 'pods', '-l', 'app.kubernetes.io/name=otel-collector', '-o', 'name']);

/**
 * From a new Collector pod to spans in Jaeger: 3 to 12 s on an idle machine, up to 80 s seen
 * on a loaded one (the programs' exporters reconnect to the Collector with growing backoff).
 */
const JAEGER_AFTER_COLLECTOR_RESTART_MS = 120_000;

/** What the guide says the world looks like after a named block. */
const CHECKS: Record<string, (run: Run, before: unknown) => Promise<void>> = {
  'own-namespace': async ({ ns, kubectl }) => {
    expect(await kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels}'])).toContain(
      '"pod-security.kubernetes.io/enforce":"restricted"',
    );
  },
  // Q3: Jaeger runs, nothing sends it traces yet.
  'jaeger-tunnel': async ({ jaeger }) => {
    expect(await jaeger?.services()).not.toContain('client');
  },
  // Q5: the ConfigMap changed, the Collector pod did not, and Jaeger stays empty.
  'step4-redeploy': async (run, before) => {
    expect(await collectorPod(run)).toBe(before);
    expect(await run.jaeger?.services()).not.toContain('client');
  },
  // The redaction overlay: new server spans carry user_agent.original=redacted.
  'trace-tunnel': async ({ jaeger }) => {
    await waitFor(
      'a server span with user_agent.original=redacted in Jaeger',
      async () =>
        ((await jaeger?.traces('server', { limit: 20, lookback: '1m' })) ?? []).some((trace) =>
          trace.spans.some((span) => tagOf(span, 'user_agent.original') === 'redacted'),
        ),
      JAEGER_AFTER_COLLECTOR_RESTART_MS,
    );
  },
  // Troubleshooting: a second port-forward to a taken port fails with the message quoted.
  'forward-loop': async ({ shell }) => {
    const second = runToEnd(
      shell,
      'a second port-forward',
      'kubectl port-forward svc/jaeger 16686',
      30_000,
    );
    await expect(second).rejects.toThrow(/unable to listen on port 16686/i);
  },
  'step4-restart': async ({ jaeger }) => {
    const services = await waitFor(
      'client and server in Jaeger',
      async () => {
        const found = (await jaeger?.services()) ?? [];
        return found.includes('client') && found.includes('server') && found;
      },
      JAEGER_AFTER_COLLECTOR_RESTART_MS,
    );
    expect(services).toEqual(expect.arrayContaining(['client', 'server']));
  },
};
const BEFORE: Record<string, (run: Run) => Promise<unknown>> = { 'step4-redeploy': collectorPod };

/**
 * What the guide says a block prints. A block that only reads (`kubectl logs`/`get`) is run
 * again until it does, for up to `withinMs`, as a person looks again a few seconds later.
 */
const OUTPUTS: Record<string, { shows: RegExp[]; lacks?: RegExp; withinMs: number }> = {
  'step1-logs': {
    shows: [/\[telemetry\] \w+ export to http:\/\/xxx:123 failed: DNS name not resolved/],
    withinMs: 30_000,
  },
  'step2-logs': {
    shows: [/listening on http:\/\/0\.0\.0\.0:8080/, /calling http:\/\/server:8080\/hello/],
    lacks: /\[telemetry\].*failed|Found 2 pods/,
    withinMs: 60_000,
  },
  'collector-logs': {
    shows: [
      /ResourceTraces #\d+ .*service\.name=server\b/,
      /ResourceMetrics #\d+ .*service\.name=client\b/,
    ],
    withinMs: 30_000,
  },
  'step3-jaeger': {
    shows: [/Everything is ready\. Begin running and processing data\./],
    withinMs: 0,
  },
  'step4-logs': { shows: [/ResourceTraces #\d+/], lacks: /Exporting failed/, withinMs: 30_000 },
  'span-metrics-logs': { shows: [/traces\.span\.metrics\.duration\{/], withinMs: 60_000 },
  trace: { shows: [/client/, /server/, /GET \/hello/], withinMs: 0 },
};

const readOnly = (script: string) =>
  script.split('\n').every((line) => line === '' || /^kubectl (logs|get) /.test(line));

async function runBlock(shell: Shell, block: GuideBlock, script: string): Promise<string> {
  const expected = block.name ? OUTPUTS[block.name] : undefined;
  const once = () => runToEnd(shell, block.where, script, 180_000);
  if (!expected) return once();
  const fits = (out: string) =>
    expected.shows.every((p) => p.test(out)) && !expected.lacks?.test(out);
  let last = await once();
  const deadline = Date.now() + expected.withinMs;
  while (!fits(last) && readOnly(script) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    last = await once().catch((error: Error) => error.message);
  }
  const wanted = `${expected.shows.join(' and ')}${expected.lacks ? ` without ${expected.lacks}` : ''}`;
  if (!fits(last)) throw new Error(`${block.where} never printed ${wanted}:\n${script}\n${last}`);
  return last;
}

/** The namespace's pods and the last lines of each program, to tell why a check failed. */
async function stateOf({ ns, kubectl }: Run): Promise<string> {
  const parts = [await kubectl(['-n', ns, 'get', 'pods', '-o', 'wide']).catch(String)];
  for (const name of ['client', 'server', 'otel-collector', 'jaeger'])
    parts.push(
      `--- ${name}\n${await kubectl(['-n', ns, 'logs', `deploy/${name}`, '--tail=8']).catch(String)}`,
    );
  return parts.join('\n');
}

/** The guide's namespace, and no other, becomes the test's. */
function localise(block: GuideBlock, ns: string): string {
  const script = block.script.replaceAll(GUIDE_NAMESPACE, ns);
  for (const m of script.matchAll(/(?:\bnamespace|\s-n)[\s=]+([\w-]+)/g))
    if (m[1] !== ns)
      throw new Error(`${block.where} names namespace ${m[1]}: the test runs in ${ns}`);
  return script;
}

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await sharedCluster();
}, 900_000);

describe('the guide marks its shell blocks', () => {
  it.each(PAGES)('%s: French and English run the same commands', (page) => {
    const shape = (lang: string) =>
      pageBlocks(docsDir, lang, page).map(({ kind, name, background, needs, script }) => ({
        kind,
        name,
        background,
        needs,
        script,
      }));
    expect(shape('en')).toEqual(shape('fr'));
  });

  it('skips, by name, exactly the blocks that need what a test machine has not', () => {
    const skipped = blocksOf('en').filter((b) => b.kind === 'needs');
    for (const b of skipped)
      expect(NEEDS, `${b.where} needs=${b.needs}`).toHaveProperty([b.needs as string]);
    console.log(
      `skipped:\n${skipped.map((b) => `  ${b.where} needs ${NEEDS[b.needs as string]}: ${b.script.split('\n')[0]}`).join('\n')}`,
    );
    expect(skipped.map((b) => `${b.page} needs=${b.needs}`)).toEqual(EXPECTED_SKIPS);
  });

  it('names every block the edits and checks refer to, each once', () => {
    const names = blocksOf('en').flatMap((b) => (b.name ? [b.name] : []));
    expect(new Set(names).size).toBe(names.length);
    for (const name of [...Object.keys(EDITS), ...Object.keys(CHECKS), ...Object.keys(OUTPUTS)])
      expect(names).toContain(name);
  });
});

describe.each(['fr', 'en'])('the %s guide, run against a real cluster', (lang) => {
  const work = mkdtempSync(join(tmpdir(), `guide-${lang}-`));
  const ns = `guide-${lang}-${process.pid}-${Date.now().toString(36)}`;
  let stops: (() => Promise<void>)[] = [];

  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
    await cluster?.kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=false']);
    rmSync(work, { recursive: true, force: true });
  });

  it('every runnable block succeeds, in document order, and the cluster answers as the guide says', async () => {
    cpSync(join(repoRoot, 'kustomize'), join(work, 'kustomize'), { recursive: true });
    symlinkSync(join(repoRoot, 'packages'), join(work, 'packages'));
    copyFileSync(cluster.kubeconfig, join(work, 'kubeconfig'));
    const shell: Shell = {
      cwd: work,
      env: {
        ...process.env,
        KUBECONFIG: join(work, 'kubeconfig'),
        PATH: [dirname(cluster.kubectlPath), dirname(process.execPath), process.env.PATH].join(':'),
      },
    };
    const run: Run = { ns, shell, kubectl: cluster.kubectl };
    const report: string[] = [];
    for (const page of PAGES) {
      for (const block of pageBlocks(docsDir, lang, page)) {
        if (block.kind === 'needs') continue;
        const script = localise(block, ns);
        const started = Date.now();
        if (block.name) EDITS[block.name]?.(work);
        const before = block.name ? await BEFORE[block.name]?.(run) : undefined;
        if (block.background) {
          const forward = await runInBackground(shell, block.where, script);
          stops.push(forward.stop);
          run.jaeger = jaegerApi(`http://127.0.0.1:${forward.port}`);
        } else await runBlock(shell, block, script);
        const ran = Date.now();
        const check = block.name ? CHECKS[block.name] : undefined;
        await check?.(run, before).catch(async (error: Error) => {
          throw new Error(`after ${block.where}: ${error.message}\n${await stateOf(run)}`);
        });
        const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
        const checked = check ? `, then its check ${seconds(ran, Date.now())}` : '';
        report.push(
          `  ${block.where} ${seconds(started, ran)}${checked}: ${script.split('\n')[0]}`,
        );
      }
      await Promise.all(stops.map((stop) => stop()));
      stops = [];
    }
    console.log(`${lang}, namespace ${ns}:\n${report.join('\n')}`);
  }, 900_000);
});
