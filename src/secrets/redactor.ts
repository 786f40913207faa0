/**
 * One redactor per run. Everything that may print — logs, errors, child process output, the summary,
 * outputs — passes through `redact`. Each secret is registered whole and line by line (a multi-line
 * secret printed across log lines must be caught line by line, as GitHub's own masker does).
 */
import { escapeRegExp } from '../util/regexp.js';

export const MASK = '***';

/** Shorter fragments would mask ordinary words and numbers; GitHub skips them too. */
const MIN_LENGTH = 3;

export type SecretListener = (value: string) => void;

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | null = null;
  private readonly listeners: SecretListener[] = [];

  /** Called for every value registered, also for those added before the listener (e.g. `core.setSecret`). */
  onSecret(listener: SecretListener): void {
    this.listeners.push(listener);
    for (const s of this.secrets) listener(s);
  }

  add(value: string | null | undefined): void {
    if (value == null) return;
    for (const part of new Set([value, ...value.split(/\r?\n/)])) {
      if (part.length < MIN_LENGTH || this.secrets.has(part)) continue;
      this.secrets.add(part);
      this.pattern = null;
      for (const l of this.listeners) l(part);
    }
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    if (this.secrets.size === 0 || !text) return text;
    if (!this.pattern) {
      // Longest first so a secret containing another is masked whole.
      const alternatives = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = new RegExp(alternatives.join('|'), 'g');
    }
    return text.replace(this.pattern, MASK);
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
