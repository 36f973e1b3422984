// The app's one IntlShape, for code outside components (error texts, form rules, chart
// labels): LocaleProvider replaces it when the language changes and re-mounts the app, so
// everything drawn afterwards reads the new one.
import {
  createIntl,
  createIntlCache,
  type IntlConfig,
  type IntlShape,
  type MessageDescriptor,
} from 'react-intl';
import { createElement, type ReactNode } from 'react';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';

// An app's messages: compiled ASTs (virtual:icu-catalogs), or ICU strings in tests.
export type Catalog = Readonly<Record<string, MessageFormatElement[] | string>>;

const cache = createIntlCache();
// The catalogs' type is checked where they are written (an app's ids.d.ts), not here.
const asMessages = (catalog: Catalog) => catalog as NonNullable<IntlConfig['messages']>;
let current: IntlShape = createIntl({ locale: 'en', messages: asMessages({}) }, cache);

export function intl(): IntlShape {
  return current;
}

export function switchIntl(locale: string, messages: Catalog): IntlShape {
  current = createIntl({ locale, messages: asMessages(messages), onError, defaultRichTextElements }, cache);
  return current;
}

// Tags any message may use without passing them: `Open <strong>/player</strong>`.
const defaultRichTextElements = {
  strong: (chunks: ReactNode[]) => createElement('strong', null, ...chunks),
};

// A missing translation is a test failure (the catalogs test compares them), not a console
// flood in production; anything else is worth seeing.
function onError(error: { code: string; message: string }): void {
  if (error.code !== 'MISSING_TRANSLATION') console.error(error.message);
}

// A form rule's message (zod's `error`), worded when the rule fails, in the language of then.
export function ruleMessage(id: NonNullable<MessageDescriptor['id']>): { error: () => string } {
  return { error: () => intl().formatMessage({ id }) };
}
