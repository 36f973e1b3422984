// What a translation must keep of its English message: the same arguments, used the same way
// (plain, number, date, plural, select with the same cases) and the same tags. Plural cases may
// differ (each language has its own), the words of course too. Used by the apps' catalog tests.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

function shapeOf(elements: MessageFormatElement[], into: Set<string>): Set<string> {
  for (const e of elements) {
    switch (e.type) {
      case TYPE.literal:
      case TYPE.pound:
        break;
      case TYPE.tag:
        into.add(`tag ${e.value}`);
        shapeOf(e.children, into);
        break;
      case TYPE.select:
        into.add(`select ${e.value} {${Object.keys(e.options).sort().join(' ')}}`);
        for (const option of Object.values(e.options)) shapeOf(option.value, into);
        break;
      case TYPE.plural:
        into.add(`plural ${e.value}`);
        for (const option of Object.values(e.options)) shapeOf(option.value, into);
        break;
      default:
        into.add(`${TYPE[e.type]} ${e.value}`);
    }
  }
  return into;
}

export function messageShape(message: string): string[] {
  return [...shapeOf(parse(message), new Set())].sort();
}

// Every problem of `translation` against `english`, one line each; none when it is whole.
export function catalogProblems(
  english: Record<string, string>,
  translation: Record<string, string>,
): string[] {
  const problems: string[] = [];
  for (const id of Object.keys(english)) {
    const said = translation[id];
    if (said === undefined) {
      problems.push(`${id}: missing`);
      continue;
    }
    try {
      const want = messageShape(english[id]!).join(', ');
      const got = messageShape(said).join(', ');
      if (want !== got) problems.push(`${id}: has [${got}], English has [${want}]`);
    } catch (error) {
      problems.push(`${id}: does not parse (${String(error)})`);
    }
  }
  for (const id of Object.keys(translation)) if (!(id in english)) problems.push(`${id}: not in English`);
  return problems;
}
