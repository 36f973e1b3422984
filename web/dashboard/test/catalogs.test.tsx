// The dashboard's languages are whole: every message in every language, with the arguments,
// plural and select cases and tags of the English one, and no words left in the pages' markup
// outside the catalogs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { catalogProblems } from '@shared/i18n/catalog-check';
import sharedEnglish from '@shared/i18n/lang/en.json';
import english from '../src/i18n/lang/en.json';

const here = dirname(fileURLToPath(import.meta.url));
const read = (path: string) => JSON.parse(readFileSync(join(here, path), 'utf8')) as Record<string, string>;

describe('the catalogs', () => {
  it.each(['de', 'es', 'fr'])('%s has every message, shaped as the English one', (locale) => {
    expect(catalogProblems(english, read(`../src/i18n/lang/${locale}.json`))).toEqual([]);
    expect(catalogProblems(sharedEnglish, read(`../../shared/i18n/lang/${locale}.json`))).toEqual([]);
  });

  it('English parses too', () => {
    expect(catalogProblems(english, english)).toEqual([]);
  });
});

// Text written straight into JSX would stay English in every language.
function wordsInMarkup(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  );
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && /\p{L}{2,}/u.test(node.text) && node.text.trim() !== 'Vizora')
      found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
      const name = node.name.getText();
      if (
        ['aria-label', 'title', 'placeholder', 'label', 'hint', 'alt', 'description'].includes(name) &&
        /\p{L}{2,}/u.test(node.initializer.text) &&
        !/^[a-z]+:\/\/$/.test(node.initializer.text)
      )
        found.push(`${name}="${node.initializer.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function tsxUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsxUnder(path);
    return path.endsWith('.tsx') ? [path] : [];
  });
}

describe('the pages', () => {
  it('have no words outside the catalogs', () => {
    const files = [
      ...tsxUnder(join(here, '../src')),
      ...tsxUnder(join(here, '../../shared/ui')),
      ...tsxUnder(join(here, '../../shared/i18n')),
    ];
    const words = files.flatMap((file) => wordsInMarkup(file).map((w) => `${file.split('/web/')[1]}: ${w}`));
    expect(words).toEqual([]);
  });
});
