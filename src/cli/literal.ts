/**
 * Reads a config written as a JavaScript value (`window.samtykkeConfig = { revision: 2, … }`) without running
 * any code: objects, arrays, strings, numbers, true/false/null, comments and trailing commas, the way owners
 * write configs by hand. Anything that would need running (a variable, a call, a template with a placeholder, a spread)
 * is refused with its line and column, so a check never executes a page's scripts.
 */

export class LiteralError extends Error {
  constructor(message: string, source: string, at: number) {
    const before = source.slice(0, at).split('\n');
    super(`${message} at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`);
    this.name = 'LiteralError';
  }
}

const IDENTIFIER = /[A-Za-z_$][\w$]*/y;
const NUMBER = /[+-]?(0[xX][\da-fA-F]+|(\d[\d_]*)?\.?\d[\d_]*([eE][+-]?\d+)?|Infinity|NaN)/y;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', 0: '\0' };

/** Parses the value that starts at `start` (after blanks and comments); returns it and where it ends. */
export function readLiteral(source: string, start = 0): { value: unknown; end: number } {
  let at = start;
  const fail = (message: string): never => {
    throw new LiteralError(message, source, at);
  };

  const blank = () => {
    for (;;) {
      const rest = /\s*/y;
      rest.lastIndex = at;
      rest.exec(source);
      at = rest.lastIndex;
      if (source.startsWith('//', at)) {
        const end = source.indexOf('\n', at);
        at = end < 0 ? source.length : end;
      } else if (source.startsWith('/*', at)) {
        const end = source.indexOf('*/', at + 2);
        if (end < 0) fail('an unclosed comment');
        at = end + 2;
      } else return;
    }
  };

  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const found = pattern.exec(source)?.[0];
    if (found) at += found.length;
    return found || undefined;
  };

  const string = (): string => {
    const quote = source[at];
    let text = '';
    at++;
    while (at < source.length && source[at] !== quote) {
      const char = source[at] as string;
      if (quote === '`' && source.startsWith('${', at))
        fail('a template with a placeholder (only plain values can be checked)');
      if (char === '\n' && quote !== '`') fail('a line break inside a string');
      if (char !== '\\') {
        text += char;
        at++;
        continue;
      }
      const next = source[at + 1] ?? '';
      if (next === 'u' || next === 'x') {
        const hex = next === 'x' ? source.slice(at + 2, at + 4) : source.slice(at + 2, at + 6);
        const braced = next === 'u' && source[at + 2] === '{' ? /^\{([\da-fA-F]+)\}/.exec(source.slice(at + 2)) : null;
        if (braced) {
          text += String.fromCodePoint(Number.parseInt(braced[1] as string, 16));
          at += 2 + braced[0].length;
          continue;
        }
        if (!/^[\da-fA-F]+$/.test(hex) || hex.length !== (next === 'x' ? 2 : 4)) fail('a broken escape');
        text += String.fromCharCode(Number.parseInt(hex, 16));
        at += 2 + hex.length;
        continue;
      }
      // A backslash before a line break continues the string.
      if (next === '\n') at += 2;
      else {
        text += ESCAPES[next] ?? next;
        at += 2;
      }
    }
    if (source[at] !== quote) fail('an unclosed string');
    at++;
    return text;
  };

  const value = (): unknown => {
    blank();
    const char = source[at];
    if (char === '{') return object();
    if (char === '[') return array();
    if (char === '"' || char === "'" || char === '`') return string();
    const number = match(NUMBER);
    if (number !== undefined) return Number(number.replaceAll('_', ''));
    const word = match(IDENTIFIER);
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (word === 'undefined') return undefined;
    if (word !== undefined) {
      at -= word.length;
      fail(`"${word}" is code, not a plain value (only plain values can be checked)`);
    }
    return fail(
      at >= source.length ? 'the end of the text where a value should be' : `"${char}" where a value should be`,
    );
  };

  const array = (): unknown[] => {
    const items: unknown[] = [];
    at++;
    for (;;) {
      blank();
      if (source[at] === ']') break;
      if (source.startsWith('...', at)) fail('a spread (only plain values can be checked)');
      items.push(value());
      blank();
      if (source[at] === ',') at++;
      else if (source[at] !== ']') fail('a "," or "]" expected');
    }
    at++;
    return items;
  };

  const object = (): Record<string, unknown> => {
    // No prototype: a key "__proto__" stays a plain key, as in JSON.parse.
    const result: Record<string, unknown> = Object.create(null);
    at++;
    for (;;) {
      blank();
      if (source[at] === '}') break;
      if (source.startsWith('...', at)) fail('a spread (only plain values can be checked)');
      const char = source[at];
      const key =
        char === '"' || char === "'"
          ? string()
          : (match(IDENTIFIER) ?? match(NUMBER) ?? fail('a property name expected'));
      blank();
      if (source[at] !== ':') fail(`":" expected after "${key}" (methods and shorthand are code)`);
      at++;
      result[key] = value();
      blank();
      if (source[at] === ',') at++;
      else if (source[at] !== '}') fail('a "," or "}" expected');
    }
    at++;
    return { ...result };
  };

  const parsed = value();
  return { value: parsed, end: at };
}
