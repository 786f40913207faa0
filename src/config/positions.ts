/**
 * hcl2json returns values without positions, so this indexes the source once: every block header,
 * attribute name, object key and list element, keyed by its path in the JSON document
 * (`['app', 'web', 'build', 'image']`, `['app', 'web', 'deploy', 'use', 'docker', 'ports', 0]`).
 * It is a tolerant scanner, not a parser: syntax errors are hcl2json's to report.
 */
import { tokenize, type Token } from './tokens.js';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export interface Location {
  line: number;
  col: number;
  kind: 'block' | 'attribute' | 'key' | 'element';
}

function pathKey(path: Path): string {
  return path.join('\u0000');
}

interface Entry {
  offset: number;
  kind: Location['kind'];
}

/** Child key without building path arrays: this runs for every attribute of every app. */
function childKey(key: string, segment: PathSegment): string {
  return key === '' ? String(segment) : `${key}\u0000${segment}`;
}

/** A name one body uses both as an attribute and as a block: hcl2json keeps one and drops the other. */
export interface KindClash {
  name: string;
  first: Location;
  second: Location;
}

export class PositionIndex {
  /** A single entry, or all of them when the path repeats (duplicate blocks). */
  private readonly entries = new Map<string, Entry | Entry[]>();
  private readonly clashEntries: { name: string; first: Entry; second: Entry }[] = [];
  private readonly lineStarts: number[] = [0];
  private tokens: Token[] = [];
  private t = 0;

  private constructor(source: string, tokens: Token[]) {
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    this.tokens = tokens;
    this.parseBody('', false);
    this.tokens = [];
  }

  /** `tokens`: the source's tokens when the caller already has them (the value parser walks them too). */
  static build(source: string, tokens: Token[] = tokenize(source)): PositionIndex {
    return new PositionIndex(source, tokens);
  }

  /** Every place the path occurs, in source order (repeated blocks occur more than once). */
  occurrences(path: Path): readonly Location[] {
    const entry = this.entries.get(pathKey(path));
    if (!entry) return [];
    return (Array.isArray(entry) ? entry : [entry]).map((e) => this.locate(e));
  }

  find(path: Path): Location | undefined {
    const entry = this.entries.get(pathKey(path));
    return entry && this.locate(Array.isArray(entry) ? entry[0]! : entry);
  }

  /** Names used both as an attribute and as a block in one body, in source order. */
  kindClashes(): KindClash[] {
    return this.clashEntries.map(({ name, first, second }) => ({ name, first: this.locate(first), second: this.locate(second) }));
  }

  isBlock(path: Path): boolean {
    return this.find(path)?.kind === 'block';
  }

  /** The path's own position, else that of the closest enclosing element that has one, else 1:1. */
  nearest(path: Path): { line: number; col: number } {
    for (let n = path.length; n > 0; n--) {
      const found = this.find(path.slice(0, n));
      if (found) return { line: found.line, col: found.col };
    }
    return { line: 1, col: 1 };
  }

  /** Line and column are computed only for the few entries someone asks about. */
  private locate({ offset, kind }: Entry): Location {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.lineStarts[lo]! + 1, kind };
  }

  private record(key: string, token: Token, kind: Location['kind']): void {
    const entry = { offset: token.start, kind };
    const existing = this.entries.get(key);
    if (!existing) this.entries.set(key, entry);
    else if (Array.isArray(existing)) existing.push(entry);
    else this.entries.set(key, [existing, entry]);
  }

  private peek(): Token {
    return this.tokens[this.t]!;
  }

  private next(): Token {
    const token = this.tokens[this.t]!;
    if (this.t < this.tokens.length - 1) this.t++;
    return token;
  }

  /** A body: attributes `name = expr` and blocks `type "label"… { body }`, until `}` or the end. */
  private parseBody(key: string, nested: boolean): void {
    /** This body's names: the first use of each, to catch one written both ways. */
    const seen = new Map<string, Entry>();
    const note = (token: Token, kind: 'attribute' | 'block') => {
      const first = seen.get(token.text);
      if (!first) seen.set(token.text, { offset: token.start, kind });
      else if (first.kind !== kind) this.clashEntries.push({ name: token.text, first, second: { offset: token.start, kind } });
    };
    for (;;) {
      const token = this.next();
      if (token.kind === 'eof' || (token.kind === '}' && nested)) return;
      if (token.kind !== 'ident') continue;
      if (this.peek().kind === '=') {
        this.next();
        const attribute = childKey(key, token.text);
        this.record(attribute, token, 'attribute');
        note(token, 'attribute');
        this.parseExpression(attribute);
        continue;
      }
      // Recorded under each label prefix too, so `app` and `app "web"` both find the block header.
      const prefixes = [childKey(key, token.text)];
      while (this.peek().kind === 'string' || this.peek().kind === 'ident') prefixes.push(childKey(prefixes.at(-1)!, this.next().text));
      if (this.peek().kind !== '{') continue;
      this.next();
      for (const prefix of prefixes) this.record(prefix, token, 'block');
      note(token, 'block');
      this.parseBody(prefixes.at(-1)!, true);
    }
  }

  /** One expression: ends at a line end, `,` or a closing bracket at its own nesting level. */
  private parseExpression(key: string): void {
    for (;;) {
      const token = this.peek();
      switch (token.kind) {
        case 'eof':
        case 'newline':
        case ',':
        case '}':
        case ']':
        case ')':
          return;
        case '{':
          this.next();
          this.parseObject(key);
          break;
        case '[':
          this.next();
          this.parseList(key);
          break;
        case '(':
          this.next();
          this.skipUntil(')');
          break;
        default:
          this.next();
      }
    }
  }

  private parseObject(key: string): void {
    for (;;) {
      const token = this.peek();
      if (token.kind === 'eof') return;
      this.next();
      if (token.kind === '}') return;
      if ((token.kind === 'ident' || token.kind === 'string') && (this.peek().kind === '=' || this.peek().kind === ':')) {
        this.next();
        const child = childKey(key, token.text);
        this.record(child, token, 'key');
        this.parseExpression(child);
      } else if (token.kind === '{' || token.kind === '[' || token.kind === '(') {
        this.skipUntil(token.kind === '{' ? '}' : token.kind === '[' ? ']' : ')');
      }
    }
  }

  private parseList(key: string): void {
    let index = 0;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'eof') return;
      if (token.kind === ']') {
        this.next();
        return;
      }
      if (token.kind === 'newline') {
        this.next();
      } else if (token.kind === ',') {
        this.next();
        index++;
      } else if (token.kind === '}' || token.kind === ')') {
        this.next(); // stray closer: tolerate, hcl2json reports it
      } else {
        const element = childKey(key, index);
        if (!this.entries.has(element)) this.record(element, token, 'element');
        this.parseExpression(element);
      }
    }
  }

  /** Skips to the matching closer, balancing brackets of every kind. */
  private skipUntil(closer: '}' | ']' | ')'): void {
    for (;;) {
      const token = this.next();
      if (token.kind === 'eof' || token.kind === closer) return;
      if (token.kind === '{') this.skipUntil('}');
      else if (token.kind === '[') this.skipUntil(']');
      else if (token.kind === '(') this.skipUntil(')');
    }
  }
}
