// The catalogs compiled at build time (shared/icu-catalogs.ts): message id → message AST.
declare module 'virtual:icu-catalogs' {
  import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
  const catalogs: Record<string, Record<string, MessageFormatElement[]>>;
  export default catalogs;
}
declare module 'virtual:icu-catalogs/*' {
  import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
  const catalog: Record<string, MessageFormatElement[]>;
  export default catalog;
}
