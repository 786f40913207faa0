/**
 * The logger every phase and plugin writes through. Two sinks: the CLI's stderr and the action's
 * workflow-command log. Both redact, and both neutralise `::` at line start so a message can never
 * forge a workflow command.
 */
import type { Redactor } from '../secrets/redactor.js';
import type { SourcePos } from '../errors.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, pos?: SourcePos): void;
  error(message: string, pos?: SourcePos): void;
  /** Runs `fn` inside a collapsible group (action) or under a heading (CLI). */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** A logger whose lines are prefixed, e.g. `[web]`, for concurrent apps. */
  child(prefix: string): Logger;
}

/**
 * Breaks `::command::` sequences at the start of any line; a zero-width space keeps the text readable. The
 * runner also ends a line at a lone `\r` (a progress bar's), so that starts a line too.
 */
export function neutraliseCommands(text: string): string {
  return text.replace(/(^|[\r\n])(\s*)::/g, '$1$2:\u200b:');
}

export interface LineSink {
  write(level: LogLevel, line: string, pos?: SourcePos): void;
  group?<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** Shared redact/neutralise/level logic; sinks only decide where lines go. */
export class SinkLogger implements Logger {
  constructor(
    private readonly sink: LineSink,
    private readonly redactor: Redactor,
    private readonly level: LogLevel = 'info',
    private readonly prefix = '',
  ) {}

  private enabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(this.level);
  }

  private emit(level: LogLevel, message: string, pos?: SourcePos): void {
    if (!this.enabled(level)) return;
    const text = neutraliseCommands(this.redactor.redact(message));
    const prefixed = this.prefix ? text.split('\n').map((l) => `${this.prefix} ${l}`).join('\n') : text;
    this.sink.write(level, prefixed, pos);
  }

  debug(message: string): void {
    this.emit('debug', message);
  }
  info(message: string): void {
    this.emit('info', message);
  }
  warn(message: string, pos?: SourcePos): void {
    this.emit('warn', message, pos);
  }
  error(message: string, pos?: SourcePos): void {
    this.emit('error', message, pos);
  }
  group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const title = this.redactor.redact(name);
    if (this.sink.group) return this.sink.group(neutraliseCommands(title), fn);
    // A heading is an info line: `--log-level warn` keeps stderr to warnings and errors. An app's logger (a
    // prefix) opens groups inside its phase's: a heading under it, prefixed like the app's lines.
    if (this.enabled('info')) this.sink.write('info', this.prefix ? `${this.prefix} ▸ ${neutraliseCommands(title)}` : `── ${title}`);
    return fn();
  }
  child(prefix: string): Logger {
    return new SinkLogger(this.sink, this.redactor, this.level, this.prefix ? `${this.prefix} ${prefix}` : prefix);
  }
}
