import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docsDir, type MarkdownFile, parseMarkdown } from './markdown';

/*
 * French is the original language; English follows it page by page. Prose is free, but what an
 * attendee types or compares against must be the same in both: headings at each level, code
 * blocks (commands, configuration, quoted output), collapsible hints, relative links and the
 * questions' numbering.
 */

const pages = readdirSync(join(docsDir, 'fr')).filter((p) => p.endsWith('.md'));

/** A code block as typed: full-line comments may be translated, everything else may not. */
function codeOf(file: MarkdownFile): string[] {
  return file.fences.map((f) =>
    [
      f.lang,
      ...f.body
        .filter((l) => !/^\s*(#|\/\/)\s/.test(l) && !/^\s*#$/.test(l))
        .map((l) => l.trimEnd()),
    ].join('\n'),
  );
}

/** Questions are numbered `**Q1.**` in the exercise and answered under `### Q1. ...` headings. */
function questionsOf(file: MarkdownFile): string[] {
  return file.prose.flatMap((p) => {
    const m = /^\s*(?:[-*>]\s+)?(?:\*\*|#+ )(Q\d+)\./.exec(p.text);
    return m?.[1] ? [m[1]] : [];
  });
}

function shape(file: MarkdownFile) {
  return {
    headingLevels: file.headings.map((h) => h.level),
    code: codeOf(file),
    details: file.prose.filter((p) => /<details>/.test(p.text)).length,
    relativeLinks: file.links
      .map((l) => l.href)
      .filter((h) => !/^[a-z][a-z0-9+.-]*:/i.test(h))
      // The same page may carry a translated heading anchor; the target file must match.
      .map((h) => (h.includes('#L') ? h : h.split('#')[0])),
    externalLinks: file.links.map((l) => l.href).filter((h) => /^https?:/.test(h)),
    questions: questionsOf(file),
  };
}

describe('French and English guides have the same structure', () => {
  it('both languages have the same pages', () => {
    const en = readdirSync(join(docsDir, 'en')).filter((p) => p.endsWith('.md'));
    expect(en.sort()).toEqual([...pages].sort());
  });

  it.each(pages)('%s', (page) => {
    const fr = shape(parseMarkdown(join(docsDir, 'fr', page)));
    const en = shape(parseMarkdown(join(docsDir, 'en', page)));
    expect(en.headingLevels, 'heading levels').toEqual(fr.headingLevels);
    expect(en.details, 'collapsible hints').toBe(fr.details);
    expect(en.code.length, 'number of code blocks').toBe(fr.code.length);
    en.code.forEach((block, i) => {
      expect(block, `code block ${i + 1}`).toBe(fr.code[i]);
    });
    expect(en.relativeLinks, 'relative links').toEqual(fr.relativeLinks);
    expect([...en.externalLinks].sort(), 'external links').toEqual([...fr.externalLinks].sort());
    expect(en.questions, 'question numbers').toEqual(fr.questions);
  });

  it.each(['fr', 'en'])('every question of the %s exercise is answered in its solution', (lang) => {
    const asked = questionsOf(parseMarkdown(join(docsDir, lang, 'exercise.md')));
    const answered = questionsOf(parseMarkdown(join(docsDir, lang, 'solution.md')));
    expect(asked.length).toBeGreaterThanOrEqual(10);
    expect(answered).toEqual(asked);
  });
});
