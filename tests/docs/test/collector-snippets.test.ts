import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type MarkdownFile, parseMarkdown, repoRoot } from './markdown';
import { byKind, render } from './render';

/*
 * The Collector configuration the guide shows must do what it says: the hint of step 4, added to
 * the exercise's file, gives the solution's configuration; the sampling snippet names components
 * that our Collector build really contains.
 */

type Tree = Record<string, unknown>;

/** Maps merge key by key; anything else (lists included) is replaced, as an attendee would edit. */
function merge(base: unknown, patch: unknown): unknown {
  if (!isMap(base) || !isMap(patch)) return structuredClone(patch);
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(base[key], value);
  return out;
}

function isMap(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function yamlBlocks(file: MarkdownFile): Tree[] {
  return file.fences.filter((f) => f.lang === 'yaml').map((f) => parse(f.body.join('\n')) as Tree);
}

function collectorConfig(overlay: string): Tree {
  const map = byKind(render(overlay), 'ConfigMap').find((c) =>
    c.metadata.name.startsWith('otel-collector-config'),
  );
  return parse(map?.data?.['config.yaml'] ?? '') as Tree;
}

describe.each(['fr', 'en'])('Collector snippets of the %s guide', (lang) => {
  const exercisePage = parseMarkdown(join(repoRoot, 'docs', lang, 'exercise.md'));
  const furtherPage = parseMarkdown(join(repoRoot, 'docs', lang, 'going-further.md'));

  it('the TLS hint, added to the exercise config, is exactly the solution config', () => {
    const hint = yamlBlocks(exercisePage).find((b) => isMap(b.exporters));
    expect(hint, 'a yaml block with exporters: in the exercise').toBeDefined();
    const fixed = merge(collectorConfig('kustomize/overlays/exercise'), hint);
    expect(fixed).toEqual(collectorConfig('kustomize/overlays/solution'));
  });

  it('the sampling snippet uses processors our Collector build contains', () => {
    const builder = readFileSync(
      join(repoRoot, 'packages/lab/builds/otelcol-builder.yaml'),
      'utf8',
    );
    const snippet = yamlBlocks(furtherPage).find((b) => isMap(b.processors));
    expect(snippet, 'a yaml block with processors: in going-further').toBeDefined();
    const declared = Object.keys((snippet?.processors ?? {}) as Tree);
    expect(declared.length).toBeGreaterThan(0);
    for (const name of declared) {
      expect(builder).toContain(`/processor/${name.replaceAll('_', '')}processor `);
    }
    // Every processor the new pipeline lists is declared in the snippet or already in the config.
    const solution = collectorConfig('kustomize/overlays/solution');
    const merged = merge(solution, snippet) as Tree;
    const pipeline = ((merged.service as Tree).pipelines as Tree).traces as Tree;
    for (const p of pipeline.processors as string[]) {
      expect(Object.keys(merged.processors as Tree)).toContain(p);
    }
  });
});
