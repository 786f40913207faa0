/**
 * The one HCL tokenizer: the position index and the value parser both walk its tokens. Tolerant by
 * design: it never throws, so unterminated strings and heredocs end where they end, and whatever it
 * does not know becomes an `other` token for the consumer to skip or refuse.
 */

export type TokenKind = 'ident' | 'string' | 'number' | 'heredoc' | 'newline' | 'other' | '{' | '}' | '[' | ']' | '(' | ')' | '=' | ':' | ',' | 'eof';

export interface Token {
  kind: TokenKind;
  start: number;
  /** Exclusive: `source.slice(start, end)` is the token's text. */
  end: number;
  /** Identifier text or (roughly) decoded string contents: used for labels and object keys. */
  text: string;
}

/** HCL identifiers are Unicode (UAX #31 ID_Start/ID_Continue, plus `_` first and `-` after), like hcl2json's. */
const IDENT = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
export const HEREDOC = /<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;
const PUNCT = new Set(['{', '}', '[', ']', '(', ')', ',', ':']);

/** End index (exclusive) of the quoted string starting at `i`; stops at an unterminated line end. */
function skipString(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length) {
    const c = s[j];
    if (c === '\\') j += 2;
    else if (c === '"') return j + 1;
    else if (c === '\n') return j;
    else if ((c === '$' || c === '%') && s[j + 1] === c && s[j + 2] === '{') j += 3;
    else if ((c === '$' || c === '%') && s[j + 1] === '{') j = skipTemplate(s, j + 2);
    else j++;
  }
  return j;
}

/** End index of a `${ … }` sequence whose body starts at `i`: braces and nested strings balance. */
export function skipTemplate(s: string, i: number): number {
  let depth = 1;
  let j = i;
  while (j < s.length) {
    const c = s[j];
    if (c === '"') {
      j = skipString(s, j);
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j + 1;
    j++;
  }
  return j;
}

function decodeString(raw: string): string {
  return raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

function heredocAt(s: string, i: number): RegExpExecArray | null {
  HEREDOC.lastIndex = i;
  return HEREDOC.exec(s);
}

/** End of a heredoc's closing-marker line (at its `\n`), or the end of the source when it never closes. */
function heredocEnd(s: string, bodyStart: number, marker: string): number {
  let lineStart = bodyStart;
  while (lineStart < s.length) {
    const nl = s.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? s.length : nl;
    if (s.slice(lineStart, lineEnd).trim() === marker) return lineEnd;
    lineStart = lineEnd + 1;
  }
  return s.length;
}

export function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let heredoc: RegExpExecArray | null;
  const push = (kind: TokenKind, start: number, end: number, text = '') => tokens.push({ kind, start, end, text });
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '\n') {
      push('newline', i, ++i);
    } else if (c === '#' || (c === '/' && s[i + 1] === '/')) {
      const end = s.indexOf('\n', i);
      i = end === -1 ? s.length : end;
    } else if (c === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      // Unterminated: HCL's error. A token of its own keeps the document parser from reading past it.
      if (end === -1) push('other', i, s.length);
      i = end === -1 ? s.length : end + 2;
    } else if (c === '"') {
      const end = skipString(s, i);
      push('string', i, end, decodeString(s.slice(i, end)));
      i = end;
    } else if (c === '<' && (heredoc = heredocAt(s, i))) {
      const end = heredocEnd(s, i + heredoc[0].length, heredoc[2]!);
      push('heredoc', i, end);
      i = end;
    } else if (((IDENT.lastIndex = i), IDENT.test(s))) {
      push('ident', i, IDENT.lastIndex, s.slice(i, IDENT.lastIndex));
      i = IDENT.lastIndex;
    } else if (c >= '0' && c <= '9') {
      NUMBER.lastIndex = i;
      NUMBER.exec(s);
      const end = Math.max(NUMBER.lastIndex, i + 1);
      push('number', i, end);
      i = end;
    } else if (c === '=') {
      // `==` and `=>` are operators, not assignments.
      const two = s[i + 1] === '=' || s[i + 1] === '>';
      push(two ? 'other' : '=', i, i + (two ? 2 : 1));
      i += two ? 2 : 1;
    } else {
      push(PUNCT.has(c) ? (c as TokenKind) : 'other', i, i + 1);
      i++;
    }
  }
  push('eof', s.length, s.length);
  return tokens;
}
