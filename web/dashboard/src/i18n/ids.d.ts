// A message id that no catalog has is a type error: ids are those of the English catalogs.
import type shared from '@shared/i18n/lang/en.json';
import type dashboard from './lang/en.json';

declare global {
  namespace FormatjsIntl {
    interface Message {
      ids: keyof typeof shared | keyof typeof dashboard;
    }
  }
}
