import { copyFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jaegerApi } from '../../src/jaeger/query-api.js';
import { repoRoot } from '../helpers.js';
import { sharedCluster, type TestCluster } from '../kubernetes/shared-cluster.js';
import { type GuideBlock, pageBlocks } from './guide-blocks.js';
import { runInBackground, runToEnd, type Shell } from './guide-shell.js';
import { BEFORE, CHECKS, EDITS, OUTPUTS, type Run, stateOf } from './guide-steps.js';

/*
 * The workshop guide, run as written against a real cluster: for each language, every `sh run`
 * block of docs/<lang>/, in the order an attendee reads the pages, with bash.
 *
 * - The namespace: the guide names the attendee's namespace `trainee-7` (setup.md creates it,
 *   labels it restricted and makes it the context's default; step 4 labels it). The test replaces
 *   that word, and only it, with a fresh name (not made beforehand with restrictedNamespace: the
 *   guide's own block creates it, restricted); every other command runs in the context's default
 *   namespace, as the guide says, and a block naming any other namespace fails the test. KUBECONFIG is a copy of the cluster's, so `set-context` changes
 *   the copy only, and PATH starts with the kubectl built with the cluster.
 * - The files: blocks run in a fresh copy of kustomize/ (the folder attendees edit), with
 *   packages/ linked from this checkout (built) for `node packages/lab/dist/bin.js`.
 * - The edits a person makes in an editor, and what the guide says named blocks print or leave
 *   behind, are the tables of guide-steps.ts.
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
  'facilitator.md needs=own-cluster',
];

const readOnly = (script: string) =>
  script.split('\n').every((line) => line === '' || /^kubectl (logs|get) /.test(line));

async function runBlock(shell: Shell, block: GuideBlock, script: string): Promise<string> {
  const expected = block.name ? OUTPUTS[block.name] : undefined;
  const once = () => runToEnd(shell, block.where, script, 180_000, block.exits);
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
      pageBlocks(docsDir, lang, page).map(({ kind, name, background, needs, exits, script }) => ({
        kind,
        name,
        background,
        needs,
        exits,
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
  const ns = `guide-${lang}-${process.pid}-${Date.now().toString(36)}`;
  let work: string | undefined;
  let stops: (() => Promise<void>)[] = [];

  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
    if (!work) return;
    await cluster.kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=false']);
    rmSync(work, { recursive: true, force: true });
  });

  it('every runnable block succeeds, in document order, and the cluster answers as the guide says', async () => {
    work = mkdtempSync(join(tmpdir(), `guide-${lang}-`));
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
