/**
 * The action's log sink: workflow commands through @actions/core, warnings and errors as annotations.
 * GitHub cannot nest or interleave groups. One group at a time streams live; a group that opens while
 * another is live (a concurrent app) has its lines held per async context and written whole once no
 * group is live, and so does a line written outside any group meanwhile (an app's summary line), which
 * would otherwise land inside the live group. A group opened inside another becomes a heading line.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as core from '@actions/core';
import { relative } from 'node:path';
import type { LineSink, LogLevel } from '../log/logger.js';
import type { SourcePos } from '../errors.js';
import { leaves } from '../paths.js';

interface Held {
  level: LogLevel;
  line: string;
  pos?: SourcePos;
}

export class ActionSink implements LineSink {
  /** Inside a group: its held lines, or 'live' (lines go straight out). */
  private readonly held = new AsyncLocalStorage<Held[] | 'live'>();
  private liveOpen = false;
  /** Finished held groups (and ungrouped lines: no name) waiting for the live group to close. */
  private readonly pending: { name: string | null; lines: Held[] }[] = [];

  constructor(private readonly workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()) {}

  write(level: LogLevel, line: string, pos?: SourcePos): void {
    const buffer = this.held.getStore();
    if (Array.isArray(buffer)) buffer.push({ level, line, pos });
    else if (!buffer && this.liveOpen) this.pending.push({ name: null, lines: [{ level, line, pos }] });
    else this.emit(level, line, pos);
  }

  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    // GitHub cannot nest groups: a group opened inside another (e.g. a plugin's own) becomes a heading line.
    if (this.held.getStore()) {
      this.write('info', `▸ ${name}`);
      return fn();
    }
    if (!this.liveOpen) {
      this.liveOpen = true;
      try {
        return await this.held.run('live', () => core.group(name, fn));
      } finally {
        this.liveOpen = false;
        this.flushPending();
      }
    }
    const lines: Held[] = [];
    try {
      return await this.held.run(lines, fn);
    } finally {
      this.pending.push({ name, lines });
      if (!this.liveOpen) this.flushPending();
    }
  }

  private flushPending(): void {
    for (let g = this.pending.shift(); g; g = this.pending.shift()) {
      if (g.name !== null) core.startGroup(g.name);
      for (const h of g.lines) this.emit(h.level, h.line, h.pos);
      if (g.name !== null) core.endGroup();
    }
  }

  private emit(level: LogLevel, text: string, pos?: SourcePos): void {
    const { line, props } = annotation(text, pos, this.workspace);
    switch (level) {
      case 'debug':
        return core.debug(line);
      case 'info':
        return core.info(line);
      case 'warn':
        return core.warning(line, props);
      case 'error':
        return core.error(line, props);
    }
  }
}

/**
 * An annotation at a source position: GitHub links a file relative to the workspace. A file outside it
 * (a working-directory elsewhere) cannot be linked, so its place goes into the message instead.
 */
export function annotation(text: string, pos: SourcePos | undefined, workspace: string): { line: string; props: core.AnnotationProperties } {
  if (!pos) return { line: text, props: {} };
  const file = relative(workspace, pos.file);
  if (!file || leaves(file)) return { line: `${pos.file}:${pos.line}:${pos.col}: ${text}`, props: {} };
  return { line: text, props: { file, startLine: pos.line, startColumn: pos.col } };
}
