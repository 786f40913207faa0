/**
 * One redactor per run. Everything that may print — logs, errors, child process output, the summary,
 * outputs — passes through `redact`. Each secret is registered whole and line by line (a multi-line
 * secret printed across log lines must be caught line by line, as GitHub's own masker does), and in
 * the forms our own sinks rewrite text into: trimmed (error paths quote trimmed lines), JSON-escaped
 * (a secret inside a list or map value, as the result JSON holds it), URL-encoded, and with invisible characters spelt
 * out (`UserError.format`).
 */
import { visible } from '../errors.js';
import { escapeRegExp } from '../util/regexp.js';

export const MASK = '***';

/** Shorter fragments would mask ordinary words and numbers; GitHub skips them too. */
export const MIN_SECRET_LENGTH = 3;
/** Strings inside a structured secret shorter than this are taken for names (users, hosts), not secrets. */
const MIN_NESTED_LENGTH = 8;
/** Keys whose values are secrets however short. */
const SECRET_KEY = /pass|secret|token|key|cred|auth|private|pwd|pin\b|salt|signature|jwt/i;

/** Whether a value under `key` is a secret however short (`password`, `NPM_TOKEN`, `jwt`). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export type SecretListener = (value: string) => void;

/**
 * V8 refuses a regular expression past ~32 K characters of source ("Regular expression too large"): secrets
 * (a CA bundle, a keystore, thousands of values) are looked for by several expressions of at most this size,
 * and one longer than this alone by plain search.
 */
const MAX_PATTERN = 8_000;
/** What a sink gets instead of text the redactor failed on: never the text itself. */
const WITHHELD = '[withheld: this text could not be checked for secrets]';

export class Redactor {
  private readonly secrets = new Set<string>();
  /** Whether a text holds any secret: most hold none, and are returned as they are. */
  private detectors: ((text: string) => boolean)[] | null = null;
  private readonly listeners: SecretListener[] = [];

  /** Called for every value registered, also for those added before the listener (e.g. `core.setSecret`). */
  onSecret(listener: SecretListener): void {
    this.listeners.push(listener);
    for (const s of this.secrets) listener(s);
  }

  add(value: string | null | undefined): void {
    if (value == null) return;
    for (const part of forms(value)) {
      if (part.length < MIN_SECRET_LENGTH || this.secrets.has(part)) continue;
      this.secrets.add(part);
      this.detectors = null;
      for (const l of this.listeners) l(part);
    }
  }

  /**
   * A structured secret (a Vault value, a sensitive object variable): its JSON text, and the strings
   * inside it, which a step may print alone (`jq -r .password`). Keys, nested numbers and short
   * strings are not secrets of their own: masking every "password", 5432 or user "svc" would blank the
   * log and rewrite outputs (an image named after the app) that merely contain them — except a short
   * string under a key that names a secret (`password: "Hunt3r!"`), which is one.
   */
  addValue(value: unknown): void {
    if (typeof value === 'string') return this.add(value);
    if (value === undefined) return;
    this.add(JSON.stringify(value));
    const inner = (v: unknown, key: string): void => {
      if (typeof v === 'string' && (v.length >= MIN_NESTED_LENGTH || isSecretKey(key))) this.add(v);
      else if (Array.isArray(v)) v.forEach((item) => inner(item, key));
      else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) inner(item, k);
    };
    inner(value, '');
  }

  get size(): number {
    return this.secrets.size;
  }

  /** Whether `text` holds a registered secret: what `redact` would change (a value that must stay out of argv and images). */
  holdsSecret(text: string): boolean {
    if (this.secrets.size === 0 || !text) return false;
    this.detectors ??= detectors([...this.secrets]);
    return this.detectors.some((holds) => holds(text));
  }

  redact(text: string): string {
    try {
      return this.holdsSecret(text) ? maskEvery(text, this.secrets) : text;
    } catch {
      return WITHHELD;
    }
  }

  /** Deep-redacts every string in a JSON-like value (result objects, artifacts). */
  redactValue<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.redact(k)] = this.redactValue(v);
      return out as T;
    }
    return value;
  }
}

/** One test per expression of at most MAX_PATTERN, or per secret longer than that. */
function detectors(secrets: string[]): ((text: string) => boolean)[] {
  const tests: ((text: string) => boolean)[] = [];
  let group: string[] = [];
  let size = 0;
  const flush = () => {
    if (!group.length) return;
    const pattern = new RegExp(group.join('|'));
    tests.push((text) => pattern.test(text));
    group = [];
    size = 0;
  };
  for (const secret of secrets) {
    const source = escapeRegExp(secret);
    if (source.length > MAX_PATTERN) {
      tests.push((text) => text.includes(secret));
      continue;
    }
    if (size + source.length + 1 > MAX_PATTERN) flush();
    group.push(source);
    size += source.length + 1;
  }
  flush();
  return tests;
}

/**
 * Every occurrence of every secret is masked, and overlapping ones as one: replacing one secret after another
 * (or one expression's leftmost matches) leaves the rest of a secret that overlaps another visible (`XAB` and
 * `BCDE` in `XABCDE`). Secrets side by side stay one mask each, as the runner's masker shows them.
 */
function maskEvery(text: string, secrets: Iterable<string>): string {
  const spans: [number, number][] = [];
  for (const secret of secrets) {
    for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) spans.push([at, at + secret.length]);
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let shown = 0; // text before this is written out, or masked
  for (const [start, end] of spans) {
    if (end <= shown) continue; // inside a stretch masked already
    if (start >= shown) out += text.slice(shown, start) + MASK; // a new stretch (touching the last is a new one)
    shown = end; // an overlap extends the last stretch under the same mask
  }
  return out + text.slice(shown);
}

/** The value, its lines, and each of those as our sinks may rewrite it. */
function forms(value: string): Set<string> {
  const out = new Set<string>();
  for (const part of [value, ...value.split(/\r\n|\r|\n/)]) {
    for (const p of [part, part.trim()]) {
      out.add(p);
      out.add(JSON.stringify(p).slice(1, -1));
      out.add(visible(p));
      try {
        out.add(encodeURIComponent(p));
      } catch {
        // a lone surrogate has no URL encoding, so it cannot be printed in one either
      }
    }
  }
  return out;
}
