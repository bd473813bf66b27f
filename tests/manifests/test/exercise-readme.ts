import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './render';

export const readmePath = 'kustomize/overlays/exercise/README.md';
const readme = () => readFileSync(join(repoRoot, readmePath), 'utf8');

export type Edit =
  | { file: string; line: number; kind: 'replace'; old: string; new: string }
  | { file: string; line: number; kind: 'insert-after'; lines: string[] };

/** A `file:line` the README cites, with the text it says stands on that line. */
export interface Pointer {
  file: string;
  line: number;
  text: string;
}

const replaceRule = /`([\w./-]+):(\d+)`: `([^`]+)` → `([^`]+)`/;
const pointerRule = /`([\w./-]+):(\d+)` \(`([^`]+)`\)/g;
const insertRule = /after `([\w./-]+):(\d+)` \(`[^`]+`\), add:/;

/** The fixes the README tells attendees to make, in a form a program can apply. */
export function readmeEdits(): Edit[] {
  const lines = readme().split('\n');
  const edits: Edit[] = [];
  lines.forEach((text, index) => {
    const replace = replaceRule.exec(text);
    if (replace) {
      const [, file = '', line, old = '', replacement = ''] = replace;
      edits.push({ file, line: Number(line), kind: 'replace', old, new: replacement });
    }
    const insert = insertRule.exec(text);
    if (insert) {
      const [, file = '', line] = insert;
      edits.push({
        file,
        line: Number(line),
        kind: 'insert-after',
        lines: fencedBlockAfter(lines, index),
      });
    }
  });
  return edits;
}

function fencedBlockAfter(lines: string[], from: number): string[] {
  const open = lines.findIndex((l, i) => i > from && /^\s*```yaml\s*$/.test(l));
  const close = lines.findIndex((l, i) => i > open && /^\s*```\s*$/.test(l));
  if (open < 0 || close < 0) throw new Error(`${readmePath}:${from + 1}: no yaml block follows`);
  const indent = /^\s*/.exec(lines[open] ?? '')?.[0].length ?? 0;
  return lines.slice(open + 1, close).map((l) => l.slice(indent));
}

export function readmePointers(): Pointer[] {
  return [...readme().matchAll(pointerRule)].map(([, file = '', line, text = '']) => ({
    file,
    line: Number(line),
    text,
  }));
}

/** "`Kind/name` `path`" bullets under "## Differences ...". */
export function documentedDifferences(): string[] {
  const section = readme()
    .split(/^## /m)
    .find((s) => s.startsWith('Differences'));
  if (!section) throw new Error(`${readmePath}: no "## Differences" section`);
  return [...section.matchAll(/^- `([^`]+)` `([^`]+)`/gm)].map(
    ([, object, path]) => `${object} ${path}`,
  );
}

/** Applies edits to file contents keyed by repository path; line numbers refer to the originals. */
export function applyEdits(files: Map<string, string>, edits: Edit[]): void {
  const ordered = [...edits].sort((a, b) => b.line - a.line);
  for (const edit of ordered) {
    const lines = files.get(edit.file)?.split('\n');
    if (!lines) throw new Error(`${edit.file}: not a file the fixes may touch`);
    const at = lines[edit.line - 1];
    if (at === undefined) throw new Error(`${edit.file}:${edit.line}: no such line`);
    if (edit.kind === 'replace') {
      if (!at.includes(edit.old))
        throw new Error(`${edit.file}:${edit.line} does not hold ${edit.old}`);
      lines[edit.line - 1] = at.replace(edit.old, edit.new);
    } else {
      lines.splice(edit.line, 0, ...edit.lines);
    }
    files.set(edit.file, lines.join('\n'));
  }
}
