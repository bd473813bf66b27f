import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guideFiles, type MarkdownFile, repoRoot } from './markdown';
import {
  byKind,
  containers,
  envEntries,
  mebibytes,
  milliCpu,
  render,
  servicePorts,
} from './render';

/*
 * Names the guide quotes must be names the manifests really use: an environment variable, a
 * `host:port`, a Service. Quoted program output (```text blocks) is left alone: it is a
 * verbatim capture, not an instruction.
 */

const files = guideFiles().filter((f) => f.path.startsWith('docs/'));
const exercise = render('kustomize/overlays/exercise');
const solution = render('kustomize/overlays/solution');

/** Inline code and the code blocks an attendee types or edits (not quoted output). */
function quotedCode(file: MarkdownFile): { text: string; where: string }[] {
  return [
    ...file.inlineCode.map((c) => ({ text: c.code, where: `${file.path}:${c.line}` })),
    ...file.fences
      .filter((f) => f.lang !== 'text' && f.lang !== '')
      .map((f) => ({ text: f.body.join('\n'), where: `${f.lang} block ${file.path}:${f.line}` })),
  ];
}

const quoted = files.flatMap(quotedCode);

function programSources(): string[] {
  return ['server', 'client', 'telemetry', 'lab'].flatMap((pkg) => {
    const dir = join(repoRoot, 'packages', pkg, 'src');
    return readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(dir, f), 'utf8'));
  });
}

/** Variables the programs read from the environment they are given (`env.NAME`, `read(env, 'NAME')`). */
function variablesReadByPrograms(): Set<string> {
  const names = new Set<string>();
  for (const source of programSources()) {
    for (const m of source.matchAll(/\benv(?:\.|\[['"])([A-Z][A-Z0-9_]+)/g)) names.add(m[1] ?? '');
    for (const m of source.matchAll(/\(env, '([A-Z][A-Z0-9_]+)'\)/g)) names.add(m[1] ?? '');
  }
  return names;
}

/** Upper-case identifiers of the code itself (constants declared or imported): not variables. */
function codeConstants(): Set<string> {
  const names = new Set<string>();
  for (const source of programSources()) {
    for (const m of source.matchAll(/\bconst ([A-Z][A-Z0-9_]+)\b/g)) names.add(m[1] ?? '');
    for (const block of source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}/g)) {
      for (const id of (block[1] ?? '').matchAll(/\b([A-Z][A-Z0-9_]+)\b/g)) names.add(id[1] ?? '');
    }
  }
  return names;
}

/** Standard variables the OpenTelemetry SDK reads itself, as the telemetry package documents them. */
function variablesReadBySdk(): Set<string> {
  const readme = readFileSync(join(repoRoot, 'packages', 'telemetry', 'README.md'), 'utf8');
  return new Set([...readme.matchAll(/`(OTEL_[A-Z0-9_]+)`/g)].map((m) => m[1] ?? ''));
}

// Named in the guide without being a manifest's or a program's variable, each for a reason.
const outsideTheStack = new Map([
  ['KUBECONFIG', 'kubectl reads it on the attendee machine'],
  ['CHILD_OF', 'a Jaeger span reference type, not a variable'],
]);

describe('names quoted in the guide exist', () => {
  const manifestVariables = new Set(
    [...envEntries(exercise), ...envEntries(solution)].map((e) => e.name),
  );
  const programVariables = variablesReadByPrograms();
  const sdkVariables = variablesReadBySdk();
  const constants = codeConstants();

  it('the guide names the variable attendees must fix, which the manifests set', () => {
    const all = quoted.map((q) => q.text).join('\n');
    expect(all).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(manifestVariables).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  });

  it('every environment variable named is set by a manifest or read by a program', () => {
    const unknown: string[] = [];
    for (const q of quoted) {
      for (const m of q.text.matchAll(/\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|KUBECONFIG)\b/g)) {
        const name = m[1] ?? '';
        if (constants.has(name)) continue;
        if (manifestVariables.has(name) || programVariables.has(name) || sdkVariables.has(name))
          continue;
        if (outsideTheStack.has(name)) continue;
        unknown.push(`${name} (${q.where})`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('every host:port names a Service port of the render, or the exercise placeholder', () => {
    const placeholders = new Set(
      envEntries(exercise)
        .map((e) => /^https?:\/\/([^/]+)/.exec(e.value ?? '')?.[1])
        .filter((v): v is string => v !== undefined),
    );
    const bad: string[] = [];
    for (const q of quoted) {
      for (const m of q.text.matchAll(
        /(?<![\w./@-])(?:https?:\/\/)?([a-z][a-z0-9-]*):(\d{2,5})\b/g,
      )) {
        const [, host = '', port = ''] = m;
        if (host === 'localhost' || host === 'http' || host === 'https') continue;
        if (placeholders.has(`${host}:${port}`)) continue;
        const ports = [
          ...(servicePorts(solution, host) ?? []),
          ...(servicePorts(exercise, host) ?? []),
        ];
        if (!ports.includes(Number(port))) bad.push(`${host}:${port} (${q.where})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the Services the guide names in backticks exist', () => {
    const services = new Set(byKind(solution, 'Service').map((s) => s.metadata.name));
    for (const name of ['server', 'otel-collector', 'jaeger']) expect(services).toContain(name);
    // The client calls out and listens nowhere: the guide never tells anyone to reach it.
    expect(services).not.toContain('client');
  });

  it('the trainer notes give the real total of the requests', () => {
    const total = containers(solution).reduce(
      (sum, c) => ({
        cpu: sum.cpu + milliCpu(c.resources?.requests?.cpu ?? '0'),
        memory: sum.memory + mebibytes(c.resources?.requests?.memory ?? '0'),
      }),
      { cpu: 0, memory: 0 },
    );
    // The notes also size a room of 15 trainees: CPUs and Gi, one decimal, in each language's style.
    const room = (value: number, separator: string) =>
      (Math.round(value * 10) / 10).toString().replace('.', separator);
    for (const [lang, separator] of [
      ['fr', ','],
      ['en', '.'],
    ] as const) {
      const setup = files.find((f) => f.path === `docs/${lang}/setup.md`);
      const text = (setup?.lines ?? []).join(' ').replace(/\s+/g, ' ');
      expect(text, `docs/${lang}/setup.md`).toContain(`\`${total.cpu}m\``);
      expect(text, `docs/${lang}/setup.md`).toContain(`\`${total.memory}Mi\``);
      expect(text).toContain(`15 `);
      expect(text).toContain(`${room((15 * total.cpu) / 1000, separator)} CPU`);
      expect(text).toContain(`${room((15 * total.memory) / 1024, separator)} Gi`);
    }
  });
});
