// A Chromium 47 engine, as near as today's Chromium can be made to look like one (issue 24,
// old smart TVs). Modules cannot be switched off in Chromium, so the screen is opened with an
// old engine's User-Agent (the server then sends the legacy page, which has no module script),
// the APIs Chromium 47 lacks are removed before any script of the page runs, and the scripts
// the server sends are checked for syntax Chromium 47 cannot parse.

import { parse } from 'acorn';

// An Android 6 stick's WebView (Chromium 47, like Tizen 3.0 TVs).
export const OLD_ENGINE_USER_AGENT =
  'Mozilla/5.0 (Linux; Android 6.0.1; AFTT Build/LVY48F; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Version/4.0 Chrome/47.0.2526.100 Mobile Safari/537.36';

// Run in the page before its own scripts (context.addInitScript). Whatever the player needs of
// these must come from its polyfills or be feature-detected.
export const OLD_ENGINE_SCRIPT = `(() => {
  const drop = (owner, name) => {
    if (!owner) return;
    try { delete owner[name]; } catch (e) {}
    if (!(name in owner)) return;
    try {
      Object.defineProperty(owner, name, { value: undefined, configurable: true, writable: true });
    } catch (e) {
      throw new Error('the old engine cannot take away ' + name);
    }
  };
  // Web APIs younger than Chromium 47. (globalThis stays: Playwright's fake clock needs it.)
  for (const name of ['AbortController', 'AbortSignal', 'ResizeObserver', 'IntersectionObserver',
    'URLSearchParams', 'queueMicrotask', 'structuredClone', 'PerformanceObserver',
    'BroadcastChannel', 'ReportingObserver', 'TextDecoderStream'])
    drop(window, name);
  for (const proto of [Element.prototype, Document.prototype, DocumentFragment.prototype])
    for (const name of ['append', 'prepend', 'replaceChildren']) drop(proto, name);
  for (const proto of [Element.prototype, CharacterData.prototype, DocumentType.prototype])
    for (const name of ['before', 'after', 'replaceWith']) drop(proto, name);
  drop(Element.prototype, 'toggleAttribute');
  drop(Element.prototype, 'getAttributeNames');
  drop(NodeList.prototype, 'forEach');
  drop(Node.prototype, 'isConnected');
  drop(HTMLImageElement.prototype, 'decode');
  drop(Crypto.prototype, 'randomUUID');
  // Language built-ins younger than Chromium 47 (core-js brings back those the player uses).
  for (const name of ['entries', 'values', 'fromEntries', 'getOwnPropertyDescriptors']) drop(Object, name);
  for (const name of ['flat', 'flatMap', 'at', 'findLast', 'findLastIndex']) drop(Array.prototype, name);
  for (const name of ['padStart', 'padEnd', 'replaceAll', 'trimStart', 'trimEnd', 'at', 'matchAll'])
    drop(String.prototype, name);
  // Intl of Chromium 47: DateTimeFormat, NumberFormat and Collator only (plural rules came in
  // 63, Locale in 74); the player's messages and clock must manage with those.
  for (const name of ['PluralRules', 'Locale', 'RelativeTimeFormat', 'ListFormat', 'DisplayNames',
    'Segmenter', 'DurationFormat', 'getCanonicalLocales', 'supportedValuesOf'])
    drop(Intl, name);
  drop(Promise.prototype, 'finally');
  drop(Promise, 'allSettled');
  drop(Promise, 'any');
  // play() answered no promise before Chromium 50.
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () { play.call(this).catch(() => undefined); return undefined; };
  // Before Chromium 55 the third argument of addEventListener was a capture flag only: an
  // options object meant capture, and once and passive did nothing.
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, options) { return add.call(this, type, listener, !!options); };
  EventTarget.prototype.removeEventListener = function (type, listener, options) { return remove.call(this, type, listener, !!options); };
  // Object URLs made and not revoked: a leak the memory test looks for.
  const create = URL.createObjectURL, revoke = URL.revokeObjectURL;
  window.__objectUrls = 0;
  URL.createObjectURL = function (o) { window.__objectUrls++; return create.call(URL, o); };
  URL.revokeObjectURL = function (u) { window.__objectUrls--; return revoke.call(URL, u); };
})();`;

interface Node {
  type: string;
  start: number;
  [key: string]: unknown;
}

// Syntax an engine of Chromium 47 does not parse, by the node that shows it.
function tooNew(node: Node): string | null {
  switch (node.type) {
    case 'ObjectPattern':
    case 'ArrayPattern':
      return 'destructuring (Chromium 49)';
    case 'AssignmentPattern':
      return 'a default parameter (Chromium 49)';
    case 'AwaitExpression':
      return 'await (Chromium 55)';
    case 'ChainExpression':
      return 'optional chaining (Chromium 80)';
    case 'PropertyDefinition':
    case 'PrivateIdentifier':
    case 'StaticBlock':
      return 'a class field (Chromium 72)';
    case 'ImportExpression':
    case 'ImportDeclaration':
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration':
    case 'ExportAllDeclaration':
    case 'MetaProperty':
      return node.type === 'MetaProperty' && (node.meta as Node & { name: string }).name === 'new'
        ? null
        : 'a module feature (Chromium 61+)';
    case 'ObjectExpression':
      return (node.properties as Node[]).some((p) => p.type === 'SpreadElement')
        ? 'object spread (Chromium 60)'
        : null;
    case 'BinaryExpression':
      return node.operator === '**' ? 'the ** operator (Chromium 52)' : null;
    case 'AssignmentExpression':
      if (node.operator === '**=') return 'the ** operator (Chromium 52)';
      return ['||=', '&&=', '??='].includes(node.operator as string)
        ? 'logical assignment (Chromium 85)'
        : null;
    case 'LogicalExpression':
      return node.operator === '??' ? 'the ?? operator (Chromium 80)' : null;
    case 'CatchClause':
      return node.param ? null : 'catch without a binding (Chromium 66)';
    case 'ForOfStatement':
      return node.await ? 'for await (Chromium 63)' : null;
    case 'Literal': {
      if (typeof node.bigint === 'string') return 'a BigInt literal (Chromium 67)';
      const regex = node.regex as { pattern: string; flags: string } | undefined;
      if (regex && /[suyd]/.test(regex.flags))
        return `the regular expression flag in /…/${regex.flags} (Chromium 49–62)`;
      if (regex && /\(\?<[=!]?|\(\?<[A-Za-z]/.test(regex.pattern))
        return 'a lookbehind or named group (Chromium 62–64)';
      return null;
    }
    case 'VariableDeclaration':
      // let and const outside strict code came with Chromium 49; Babel turns them into var.
      return node.kind === 'var' ? null : `${node.kind as string} (Chromium 49 outside strict mode)`;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return node.async ? 'an async function (Chromium 55)' : null;
    default:
      return null;
  }
}

// The first few places in `code` that need an engine newer than Chromium 47.
export function newerThanChromium47(code: string): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (found.length >= 5 || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    const node = value as Node;
    if (typeof node.type === 'string') {
      const why = tooNew(node);
      if (why) found.push(`${why} at ${node.start}: ${code.slice(node.start, node.start + 60)}`);
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'regex') walk(child);
  };
  walk(parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true }));
  return found;
}
