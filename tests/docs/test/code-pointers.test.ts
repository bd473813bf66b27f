import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Fence, guideFiles, type MarkdownFile, repoRoot } from './markdown';

/*
 * The pairing rule the guide follows, so that "which line?" answers stay true as the code moves:
 *
 *   A code pointer is a Markdown link whose text is `<path from the repository root>:<line>` and
 *   whose target is that same file, relative to the Markdown file, followed by `#L<line>`:
 *       [packages/server/src/hotspot.ts:12](../../packages/server/src/hotspot.ts#L12)
 *   The cited code is
 *     - the first inline code span after the link on the same line, which must appear (trimmed,
 *       as an exact substring) on the cited line; or, when that line has no code span after the
 *       link,
 *     - the fenced code block that opens on the next non-blank line: its non-blank lines, trimmed,
 *       must appear in order on consecutive lines of the file starting at the cited line.
 *   Any link with a `#L<n>` target must be a code pointer: no line reference goes unchecked.
 */

interface Pointer {
  doc: string;
  docLine: number;
  path: string;
  line: number;
  inline?: string;
  block?: Fence;
}

const pointerText = /^([\w@./-]+):(\d+)$/;

function pointersOf(file: MarkdownFile): Pointer[] {
  const pointers: Pointer[] = [];
  for (const link of file.links) {
    if (!/#L\d/.test(link.href)) continue;
    const text = pointerText.exec(link.text);
    if (!text)
      throw new Error(`${file.path}:${link.line}: line link "${link.text}" is not path:line`);
    const [, path = '', lineText = ''] = text;
    const line = Number(lineText);
    const [target = '', anchor = ''] = link.href.split('#');
    const resolved = relative(repoRoot, join(dirname(file.abs), target))
      .split('\\')
      .join('/');
    if (resolved !== path || anchor !== `L${line}`) {
      throw new Error(`${file.path}:${link.line}: ${link.text} links to ${link.href}`);
    }
    // A code span opens and closes with the same number of backticks (CommonMark), so a cited
    // line that itself holds backticks is written ``like `this` ``.
    const inline = /(`+)(.+?)\1(?!`)/.exec(link.after)?.[2]?.trim();
    const pointer: Pointer = { doc: file.path, docLine: link.line, path, line };
    if (inline) pointer.inline = inline;
    else {
      let next = link.line; // 0-based index of the line after the link
      while (next < file.lines.length && (file.lines[next] ?? '').trim() === '') next += 1;
      const block = file.fences.find((f) => f.line === next + 1);
      if (block) pointer.block = block;
    }
    pointers.push(pointer);
  }
  return pointers;
}

const files = guideFiles();
const allPointers = files.flatMap(pointersOf);

describe('code pointers in the guide', () => {
  it('the solutions cite code at all (the rule below is not vacuous)', () => {
    for (const lang of ['fr', 'en']) {
      const count = allPointers.filter((p) => p.doc === `docs/${lang}/solution.md`).length;
      expect(count, `docs/${lang}/solution.md`).toBeGreaterThanOrEqual(10);
    }
  });

  it.each(allPointers.map((p) => [`${p.doc}:${p.docLine} -> ${p.path}:${p.line}`, p] as const))(
    '%s shows the code it cites',
    (_name, p) => {
      const abs = join(repoRoot, p.path);
      expect(existsSync(abs), `${p.path} exists`).toBe(true);
      const source = readFileSync(abs, 'utf8').split('\n');
      expect(p.line, `${p.path} has a line ${p.line}`).toBeLessThanOrEqual(source.length);
      if (p.inline !== undefined) {
        expect(source[p.line - 1]?.trim()).toContain(p.inline);
        return;
      }
      expect(p.block, 'a code span on the same line or a code block right after').toBeDefined();
      const wanted = (p.block?.body ?? []).map((l) => l.trim()).filter((l) => l !== '');
      expect(wanted.length).toBeGreaterThan(0);
      wanted.forEach((w, i) => {
        expect(source[p.line - 1 + i]?.trim(), `${p.path}:${p.line + i}`).toContain(w);
      });
    },
  );

  it('French and English solutions point at the same lines', () => {
    const cited = (lang: string) =>
      allPointers
        .filter((p) => p.doc === `docs/${lang}/solution.md`)
        .map((p) => `${p.path}:${p.line}`);
    expect(cited('fr')).toEqual(cited('en'));
  });
});
