import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf, guideFiles, parseMarkdown, repoRoot } from './markdown';

const files = guideFiles();

const relativeLinks = files.flatMap((file) =>
  file.links
    .filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l.href))
    .map((l) => ({ file, link: l, name: `${file.path}:${l.line} -> ${l.href}` })),
);

describe('links in the guide and the root README', () => {
  it('the guide exists in both languages', () => {
    for (const lang of ['fr', 'en']) {
      for (const page of [
        'README.md',
        'setup.md',
        'exercise.md',
        'solution.md',
        'going-further.md',
      ]) {
        expect(existsSync(join(repoRoot, 'docs', lang, page)), `docs/${lang}/${page}`).toBe(true);
      }
    }
  });

  it.each(relativeLinks.map((r) => [r.name, r] as const))(
    '%s resolves',
    (_name, { file, link }) => {
      const [target = '', anchor] = link.href.split('#');
      const abs = target === '' ? file.abs : join(dirname(file.abs), decodeURIComponent(target));
      expect(relative(repoRoot, abs).startsWith('..'), 'stays inside the repository').toBe(false);
      expect(existsSync(abs), `${target} exists`).toBe(true);
      if (anchor === undefined || /^L\d+$/.test(anchor)) return;
      // Heading anchors are checked on Markdown targets only.
      if (statSync(abs).isFile() && abs.endsWith('.md')) {
        expect([...anchorsOf(parseMarkdown(abs))]).toContain(decodeURIComponent(anchor));
      }
    },
  );

  it('external links are https and name real hosts, not placeholders', () => {
    const external = files.flatMap((f) =>
      f.links.filter((l) => /^https?:/.test(l.href)).map((l) => `${f.path}:${l.line} ${l.href}`),
    );
    expect(external.length).toBeGreaterThan(0);
    for (const e of external) {
      expect(e).toMatch(/ https:\/\//);
      expect(e).not.toMatch(/example\.com|localhost|TODO|x\.y\.z/i);
    }
  });
});
