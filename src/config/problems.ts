/** Collects every problem in one pass, so users fix a config in one round instead of one per run. */
import { ConfigError, ConfigErrors, type SourcePos } from '../errors.js';
import type { Path, PositionIndex } from './positions.js';

export class Problems {
  private readonly errors: ConfigError[] = [];
  /** Unset env() values, which matter only to a run that uses them: taken by their stanza or block (Pending). */
  private readonly deferred: { path: Path; error: ConfigError }[] = [];

  constructor(
    readonly file: string,
    readonly index: PositionIndex,
  ) {}

  get count(): number {
    return this.errors.length;
  }

  /** Where `path` is in the config file (or its closest enclosing element). */
  pos(path: Path): SourcePos {
    return { file: this.file, ...this.index.nearest(path) };
  }

  at(path: Path, message: string, hint?: string): void {
    this.add(message, this.pos(path), hint);
  }

  /** Reports every occurrence of a repeated block after the first. */
  duplicates(path: Path, count: number, message: string, hint: string): void {
    const occurrences = this.index.occurrences(path);
    for (let i = 1; i < count; i++) {
      const at = occurrences[i];
      this.add(message, at ? { file: this.file, line: at.line, col: at.col } : this.pos(path), hint);
    }
  }

  defer(path: Path, message: string, hint?: string): void {
    this.deferred.push({ path, error: new ConfigError(message, this.pos(path), hint) });
  }

  /** The deferred problems at or under `base`, removed from those a config error would list. */
  takeDeferred(base: Path): ConfigError[] {
    const under = (path: Path) => base.every((segment, i) => path[i] === segment);
    const taken = this.deferred.filter((d) => under(d.path));
    this.deferred.splice(0, this.deferred.length, ...this.deferred.filter((d) => !under(d.path)));
    return taken.map((d) => d.error);
  }

  add(message: string, pos: SourcePos | undefined, hint?: string): void {
    this.errors.push(new ConfigError(message, pos, hint));
  }

  /** Problems without a position (missing files, --var) first, then in source order. */
  throwIfAny(): void {
    // A deferred problem nobody took belongs to no stanza or block that could wait for it: an error now.
    const errors = [...this.errors, ...this.deferred.map((d) => d.error)];
    if (errors.length === 0) return;
    const order = (e: ConfigError) => (e.pos ? (e.pos.file === this.file ? 2 : 1) : 0);
    const sorted = errors.sort(
      (a, b) => order(a) - order(b) || (a.pos && b.pos ? a.pos.file.localeCompare(b.pos.file) || a.pos.line - b.pos.line || a.pos.col - b.pos.col : 0),
    );
    throw new ConfigErrors(sorted);
  }
}
