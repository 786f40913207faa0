/**
 * Our own HCL → JSON conversion for the subset cloudstation configs use, producing exactly what
 * hcl2json produces (blocks as arrays keyed by labels, keys sorted, unevaluated expressions as their
 * source text in "${…}"), without starting hcl2json's Go wasm runtime (~0.6 s, ~100 MB).
 * Anything outside the subset — operators, conditionals, for-expressions, template directives,
 * indexes, duplicate keys, and every syntax error — makes it give up, and hcl2json decides.
 */
import { HEREDOC, skipTemplate, tokenize, type Token } from './tokens.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Body = Record<string, unknown>;

/** Thrown to give up on the whole document; caught once, at the top. */
class Unsupported extends Error {}

const KEYWORDS = new Set(['true', 'false', 'null']);
/**
 * Identifier characters hcl2json's (older) Unicode tables surely know: ASCII, Latin, Greek, Cyrillic (the
 * look-alikes config checks name). Anything newer or rarer is hcl2json's to accept or refuse.
 */
const SAFE_IDENT = /^[\x00-\x7f\u00c0-\u04ff]*$/;
/** Whitespace that HCL (Go's unicode.IsSpace) and JavaScript's trim disagree on, or that HCL sees as a character. */
const ODD_SPACE = /[\v\f\u0085\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u3000\ufeff]/;
/** Beyond 15 significant digits (or past 1e99) JavaScript and HCL's big floats may round differently. */
const SAFE_NUMBER = /^\d{1,15}(?:\.\d{1,15})?(?:[eE][+-]?\d{1,2})?$/;
const HEX = /^[0-9a-fA-F]+$/;

function give(): never {
  throw new Unsupported();
}

/**
 * Go's encoding/json writes map keys sorted by their UTF-8 bytes; so does hcl2json. JavaScript sorts UTF-16
 * units, which agree except between U+E000–U+FFFF and characters beyond U+FFFF: such keys are left to hcl2json.
 */
function sortedKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  if (keys.some((k) => /[\ud800-\uffff]/.test(k))) give();
  return keys.sort();
}

function sorted(obj: Record<string, Json | Body[] | Body>): Body {
  const out: Body = {};
  for (const key of sortedKeys(obj)) out[key] = obj[key];
  return out;
}

/** A name that becomes an object key: `__proto__` would set a prototype instead, so hcl2json converts those. */
function key(name: string): string {
  return name === '__proto__' ? give() : name;
}

/** hcl2json's document for `source`, or undefined when hcl2json has to convert it. */
export function documentToJson(source: string, tokens: Token[] = tokenize(source)): Body | undefined {
  // A carriage return left after CRLF normalisation is HCL's "Invalid character".
  if (source.includes('\r')) return undefined;
  try {
    return new DocumentParser(source, tokens).document();
  } catch (err) {
    // Nesting deep enough to overflow the stack: hcl2json decides (and words the error).
    if (err instanceof Unsupported || err instanceof RangeError) return undefined;
    throw err;
  }
}

/** Blocks of one type: a list of bodies, or label → … → list of bodies; labelCount checks they agree. */
interface BlockGroup {
  labelCount: number;
  root: Body[] | Record<string, unknown>;
}

class DocumentParser {
  private t = 0;

  constructor(
    private readonly s: string,
    private readonly tokens: Token[],
  ) {}

  document(): Body {
    return this.body(false);
  }

  private peek(): Token {
    return this.tokens[this.t]!;
  }

  private next(): Token {
    const token = this.tokens[this.t]!;
    if (token.kind !== 'eof') this.t++;
    // Identifiers beyond SAFE_IDENT may be unknown to hcl2json's Unicode tables.
    return token.kind === 'ident' && !SAFE_IDENT.test(token.text) ? give() : token;
  }

  private expect(kind: Token['kind']): Token {
    const token = this.next();
    return token.kind === kind ? token : give();
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.t++;
  }

  /** A statement ends at a line end (or the end of the file); HCL wants nothing else on its line. */
  private endOfLine(): void {
    const token = this.next();
    if (token.kind !== 'newline' && token.kind !== 'eof') give();
  }

  private body(nested: boolean): Body {
    const attributes: Record<string, Json> = {};
    const blocks = new Map<string, BlockGroup>();
    for (;;) {
      this.skipNewlines();
      const token = this.next();
      if (token.kind === 'eof') return nested ? give() : this.merge(attributes, blocks);
      if (token.kind === '}' && nested) return this.merge(attributes, blocks);
      if (token.kind !== 'ident') give();
      const name = key(token.text);
      if (this.peek().kind === '=') {
        this.next();
        if (Object.hasOwn(attributes, name) || blocks.has(name)) give();
        attributes[name] = this.expression();
        this.endOfLine();
      } else {
        if (Object.hasOwn(attributes, name)) give();
        this.block(name, blocks);
      }
    }
  }

  private merge(attributes: Record<string, Json>, blocks: Map<string, BlockGroup>): Body {
    const all: Record<string, Json | Body[] | Body> = { ...attributes };
    for (const [name, group] of blocks) all[name] = (Array.isArray(group.root) ? group.root : sortedTree(group.root, group.labelCount)) as Body[] | Body;
    return sorted(all);
  }

  /** `type "label" ident_label { … }`; a body on the header's line may hold at most one attribute. */
  private block(type: string, blocks: Map<string, BlockGroup>): void {
    const labels: string[] = [];
    while (this.peek().kind === 'string' || this.peek().kind === 'ident') {
      const label = this.next();
      const text = label.kind === 'ident' ? label.text : this.literalString(label);
      // HCL decodes labels and does not re-escape them: `%%{` in a label is `%{` there, unlike in values.
      if (/\$\$\{|%%\{/.test(text)) give();
      labels.push(key(text));
    }
    this.expect('{');
    let body: Body;
    if (this.peek().kind === 'newline') {
      body = this.body(true);
    } else if (this.peek().kind === '}') {
      this.next();
      body = {};
    } else {
      const name = this.expect('ident').text;
      this.expect('=');
      body = { [name]: this.expression() };
      this.expect('}');
    }
    this.endOfLine();

    let group = blocks.get(type);
    if (!group) blocks.set(type, (group = { labelCount: labels.length, root: labels.length ? {} : [] }));
    // Differing label counts are hcl2json's "Unable to convert Block to JSON" error.
    if (group.labelCount !== labels.length) give();
    let node = group.root;
    for (const [i, label] of labels.entries()) {
      const map = node as Record<string, unknown>;
      if (!Object.hasOwn(map, label)) map[label] = i === labels.length - 1 ? [] : {};
      node = map[label] as Body[] | Record<string, unknown>;
    }
    (node as Body[]).push(body);
  }

  private expression(): Json {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return this.template(token.start + 1, token.end - 1, token.end, true);
      case 'heredoc':
        return this.heredoc(token);
      case 'number':
        return this.number(token, 1);
      case '[':
        return this.list();
      case '{':
        return this.object();
      case 'ident':
        if (KEYWORDS.has(token.text) && !this.continuesReference()) return JSON.parse(token.text) as Json;
        return `\${${this.referenceOrCall(token)}}`;
      case 'other':
        // A negative number literal; `-var.x` and friends are left to hcl2json.
        if (this.s[token.start] === '-' && this.peek().kind === 'number') return this.number(this.next(), -1);
        return give();
      default:
        return give();
    }
  }

  private number(token: Token, sign: 1 | -1): number {
    const text = this.s.slice(token.start, token.end);
    return SAFE_NUMBER.test(text) ? sign * Number(text) : give();
  }

  private continuesReference(): boolean {
    const next = this.peek();
    return next.start === this.tokens[this.t - 1]!.end && (next.kind === '(' || this.s[next.start] === '.');
  }

  /**
   * `var.x`, `string`, `env("X")`, `list(string)`: hcl2json writes them as their source text. Returns
   * that text; attribute access by index, splats and operators are not ours to convert.
   */
  private referenceOrCall(first: Token): string {
    if (KEYWORDS.has(first.text)) give();
    if (this.peek().kind === '(' && this.peek().start === first.end) return this.call(first);
    let last = first;
    while (this.peek().kind === 'other' && this.s[this.peek().start] === '.' && this.peek().start === last.end) {
      this.next();
      last = this.next();
      if (last.kind !== 'ident' || last.start !== this.tokens[this.t - 2]!.end) give();
    }
    return this.s.slice(first.start, last.end);
  }

  /** A call whose arguments are literal strings, numbers, references or calls. */
  private call(name: Token): string {
    this.expect('(');
    for (;;) {
      this.skipNewlines();
      const token = this.next();
      if (token.kind === ')') break;
      if (token.kind === 'string') this.literalString(token);
      else if (token.kind === 'number') this.number(token, 1);
      else if (token.kind === 'ident') this.referenceOrCall(token);
      else give();
      this.skipNewlines();
      const after = this.next();
      if (after.kind === ')') break;
      if (after.kind !== ',') give();
    }
    return this.s.slice(name.start, this.tokens[this.t - 1]!.end);
  }

  /** Inside brackets line ends are insignificant; items need commas, a trailing one is allowed. */
  private list(): Json[] {
    const items: Json[] = [];
    this.skipNewlines();
    // `[for …]` opens a for expression: HCL refuses a bare `for` there.
    if (this.peek().text === 'for') give();
    for (;;) {
      this.skipNewlines();
      if (this.peek().kind === ']') {
        this.next();
        return items;
      }
      items.push(this.expression());
      this.skipNewlines();
      const after = this.next();
      if (after.kind === ']') return items;
      if (after.kind !== ',') give();
    }
  }

  /** `{ key = value, "key": value }`: items end at a comma or a line end. */
  private object(): Json {
    const out: Record<string, Json> = {};
    for (;;) {
      this.skipNewlines();
      const token = this.next();
      if (token.kind === '}') return sorted(out) as Json;
      let name: string;
      // `{ for …` opens a for expression: HCL refuses `for` as a key there.
      if (token.kind === 'ident' && !KEYWORDS.has(token.text) && token.text !== 'for') name = key(token.text);
      else if (token.kind === 'string') name = key(this.literalString(token));
      else return give();
      const separator = this.next();
      if (separator.kind !== '=' && separator.kind !== ':') give();
      // hcl2json lets the last duplicate win; HCL itself calls it an error at evaluation.
      if (Object.hasOwn(out, name)) give();
      out[name] = this.expression();
      const after = this.peek();
      if (after.kind === ',' || after.kind === 'newline') this.next();
      else if (after.kind !== '}') give();
    }
  }

  /** A quoted string that must not contain interpolations: labels, keys, call arguments. */
  private literalString(token: Token): string {
    const value = this.template(token.start + 1, token.end - 1, token.end, true);
    return typeof value === 'string' && !value.includes('${') ? value : give();
  }

  /**
   * Template text between `from` and `to`: escapes decoded when `quoted` (heredocs keep backslashes),
   * `$${` / `%%{` kept as written (hcl2json does), each `${ reference }` as "${reference}".
   * `tokenEnd` checks the tokenizer's idea of where a quoted string ends.
   */
  private template(from: number, to: number, tokenEnd: number, quoted: boolean): string {
    const s = this.s;
    if (quoted && (s[to] !== '"' || to < from || tokenEnd !== to + 1)) give();
    let out = '';
    let i = from;
    while (i < to) {
      const c = s[i]!;
      if (quoted && c === '\\') {
        const [text, length] = this.escape(i);
        // hcl2json writes a `${` or `%{` that an escape made as `$${` / `%%{`: left to it.
        if (text === '$' || text === '%' || text === '{') give();
        out += text;
        i += length;
      } else if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') {
        out += `${c}${c}{`;
        i += 3;
      } else if (c === '$' && s[i + 1] === '{') {
        const end = skipTemplate(s, i + 2);
        if (end > to) give();
        out += `\${${this.interpolation(i + 2, end - 1)}}`;
        i = end;
      } else if ((c === '%' && s[i + 1] === '{') || (quoted && c === '\n')) {
        give();
      } else {
        out += c;
        i++;
      }
    }
    // An escape swallowed the closing quote: the string is unterminated.
    if (i !== to) give();
    // HCL normalises template text to NFC; hcl2json converts text that is not NFC already.
    return /[^\x00-\x7f]/.test(out) && out !== out.normalize('NFC') ? give() : out;
  }

  private escape(i: number): [string, number] {
    const c = this.s[i + 1];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
    if (c !== undefined && c in simple) return [simple[c]!, 2];
    const digits = c === 'u' ? 4 : c === 'U' ? 8 : 0;
    const hex = this.s.slice(i + 2, i + 2 + digits);
    if (!digits || hex.length !== digits || !HEX.test(hex)) give();
    const code = parseInt(hex, 16);
    return code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? [String.fromCodePoint(code), 2 + digits] : give();
  }

  /** `${ var.x }` → "var.x": only a reference or a call, on one line. */
  private interpolation(from: number, to: number): string {
    const inner = this.s.slice(from, to);
    // Comments inside `${…}` end where the tokenizer cannot tell; nested templates would be re-read at every level.
    if (/[\n#]|\/\/|\/\*|\$\{/.test(inner) || inner.startsWith('~') || inner.endsWith('~')) give();
    const parser = new DocumentParser(inner, tokenize(inner));
    const first = parser.next();
    if (first.kind !== 'ident') give();
    const text = parser.referenceOrCall(first);
    return parser.peek().kind === 'eof' ? text : give();
  }

  /** `<<EOT` keeps lines as written; `<<-EOT` removes the indentation the non-blank lines share. */
  private heredoc(token: Token): string {
    HEREDOC.lastIndex = token.start;
    const [opener, flush, marker = ''] = HEREDOC.exec(this.s)!;
    if (!opener.endsWith(`${marker}\n`)) give();
    const bodyStart = token.start + opener.length;
    const lastLineStart = this.s.lastIndexOf('\n', token.end - 1) + 1;
    // An unterminated heredoc runs to the end of the file; the closing marker must stand alone, and a line end follow it.
    if (lastLineStart < bodyStart || !/^[ \t]*$/.test(this.s.slice(lastLineStart, token.end - marker.length)) || this.s[token.end] !== '\n') give();
    if (this.s.slice(token.end - marker.length, token.end) !== marker || ODD_SPACE.test(this.s.slice(bodyStart, token.end))) give();
    const text = this.template(bodyStart, lastLineStart, lastLineStart, false);
    if (!flush) return text;
    const lines = text.split('\n').slice(0, -1);
    const blank = (line: string) => /^[ \t]*$/.test(line);
    let cut = Infinity;
    for (const line of lines) {
      if (blank(line)) continue;
      const indent = /^[ \t]*/.exec(line)![0].length;
      // HCL counts indentation in characters as users see them: a combining mark or joiner after it is left to hcl2json.
      if (/^[^\x21-\x7e\u00a1-\u02ff]/.test(line.slice(indent))) give();
      cut = Math.min(cut, indent);
    }
    return lines.map((l) => `${blank(l) ? l : l.slice(cut)}\n`).join('');
  }
}

/** Label maps are sorted at every level, as hcl2json writes them. */
function sortedTree(node: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const label of sortedKeys(node)) out[label] = depth > 1 ? sortedTree(node[label] as Record<string, unknown>, depth - 1) : node[label];
  return out;
}
