import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers.js';

/**
 * A copy of the repository's kustomize/ tree in a temporary folder, whose files are edited as
 * text, the way a person edits them. Paths are relative to the repository root, as
 * kustomize/overlays/exercise/README.md writes them.
 */
export function kustomizeCopy() {
  const root = mkdtempSync(join(tmpdir(), 'tracing-lab-kustomize-'));
  cpSync(join(repoRoot, 'kustomize'), join(root, 'kustomize'), { recursive: true });
  const path = (file: string) => join(root, file);
  const lines = (file: string) => readFileSync(path(file), 'utf8').split('\n');
  const write = (file: string, text: string[]) => writeFileSync(path(file), text.join('\n'));
  return {
    path,
    /** On line `line` (1-based) of `file`, `old` becomes `replacement`. */
    replaceOnLine(file: string, line: number, old: string, replacement: string) {
      const text = lines(file);
      if (!text[line - 1]?.includes(old)) throw new Error(`${file}:${line} does not hold "${old}"`);
      text[line - 1] = text[line - 1]?.replace(old, replacement) as string;
      write(file, text);
    },
    /** `added` inserted after line `line` (1-based) of `file`. */
    insertAfterLine(file: string, line: number, added: string[]) {
      const text = lines(file);
      text.splice(line, 0, ...added);
      write(file, text);
    },
    /** Removes `old`, which must occur exactly once in `file`. */
    remove(file: string, old: string) {
      const text = readFileSync(path(file), 'utf8');
      if (text.split(old).length !== 2) throw new Error(`${file} does not hold "${old}" once`);
      writeFileSync(path(file), text.replace(old, ''));
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
