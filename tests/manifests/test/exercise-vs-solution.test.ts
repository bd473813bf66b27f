import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyEdits,
  documentedDifferences,
  readmeEdits,
  readmePath,
  readmePointers,
} from './exercise-readme';
import { render, renderDir, repoRoot } from './render';
import { diffRenders } from './structural-diff';

const exerciseDir = 'kustomize/overlays/exercise';
const scratch = mkdtempSync(join(tmpdir(), 'tracing-lab-manifests-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('exercise versus solution', () => {
  it(`differ at exactly the paths ${readmePath} lists`, () => {
    const differences = diffRenders(render('exercise').objects, render('solution').objects);
    expect(differences.sort()).toEqual(documentedDifferences().sort());
  });

  it('every file:line the README cites holds the text it quotes', () => {
    const pointers = readmePointers();
    expect(pointers.length).toBeGreaterThan(0);
    for (const { file, line, text } of pointers) {
      const content = readFileSync(join(repoRoot, file), 'utf8').split('\n')[line - 1];
      expect(content, `${file}:${line}`).toContain(text);
    }
  });

  it("the README's fixes, applied as written, turn the exercise into the solution", () => {
    const edits = readmeEdits();
    // The endpoint in client and server, the exporter and its pipeline entry, the hash suffix.
    expect(edits.map((e) => `${e.kind} ${e.file}`).sort()).toEqual([
      `insert-after ${exerciseDir}/otel-collector-config.yaml`,
      `replace ${exerciseDir}/client-otlp-endpoint.yaml`,
      `replace ${exerciseDir}/kustomization.yaml`,
      `replace ${exerciseDir}/otel-collector-config.yaml`,
      `replace ${exerciseDir}/server-otlp-endpoint.yaml`,
    ]);
    // Attendees edit nothing outside the exercise folder: only its files are offered.
    const files = new Map(
      readdirSync(join(repoRoot, exerciseDir)).map((name) => {
        const path = `${exerciseDir}/${name}`;
        return [path, readFileSync(join(repoRoot, path), 'utf8')] as const;
      }),
    );
    applyEdits(files, edits);
    cpSync(join(repoRoot, 'kustomize'), join(scratch, 'kustomize'), { recursive: true });
    for (const [path, content] of files) writeFileSync(join(scratch, path), content);
    expect(renderDir(exerciseDir, scratch).text).toBe(render('solution').text);
  });
});
