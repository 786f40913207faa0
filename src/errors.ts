/**
 * Errors a user can act on. They print as one line (plus a hint), never with a stack trace; anything
 * else reaching the top level is a bug and keeps its stack (under --log-level debug).
 */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

/**
 * Invisible characters (zero-width, bidi overrides, controls other than newline and tab) as `\u200b`, so a
 * name that only looks right (`w\u200beb`, `web\u202egnp`) reads as what the file holds.
 */
export function visible(text: string): string {
  return text.replace(/[\p{Cf}\p{Cc}]/gu, (c) => (c === '\n' || c === '\t' ? c : `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`));
}

export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly pos?: SourcePos,
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** `file:line:col: message (hint)` — the one line users see. */
  format(): string {
    const where = this.pos ? `${this.pos.file}:${this.pos.line}:${this.pos.col}: ` : '';
    return `${where}${visible(this.message)}${this.hint ? `\n  hint: ${visible(this.hint)}` : ''}`;
  }
}

/** A configuration problem; always carries a position when the source has one. */
export class ConfigError extends UserError {
  constructor(message: string, pos?: SourcePos, hint?: string) {
    super(message, hint, pos);
    this.name = 'ConfigError';
  }
}

/** Several config problems found in one pass, reported together. */
export class ConfigErrors extends UserError {
  constructor(readonly errors: ConfigError[]) {
    super(errors.map((e) => e.format()).join('\n'));
    this.name = 'ConfigErrors';
  }
  override format(): string {
    return this.message;
  }
}

/** Raised when the run was cancelled by SIGINT/SIGTERM. */
export class CancelledError extends UserError {
  constructor(readonly signal: 'SIGINT' | 'SIGTERM' | null = null) {
    super(`cancelled${signal ? ` by ${signal}` : ''}`);
    this.name = 'CancelledError';
  }

  /** The run's AbortController is aborted with the signal name as its reason. */
  static from(signal: AbortSignal): CancelledError {
    const r: unknown = signal.reason;
    return new CancelledError(r === 'SIGINT' || r === 'SIGTERM' ? r : null);
  }

  static throwIfAborted(signal: AbortSignal): void {
    if (signal.aborted) throw CancelledError.from(signal);
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof UserError) return err.format();
  if (err instanceof Error) return err.message;
  return String(err);
}
