/**
 * The action's log sink: workflow commands through @actions/core, warnings and errors as annotations.
 * GitHub cannot nest or interleave groups, so when apps run concurrently each phase's lines are held
 * (per async context) and written as one whole group when the phase ends, and a group opened inside
 * another becomes a heading line.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as core from '@actions/core';
import { relative } from 'node:path';
import type { LineSink, LogLevel } from '../log/logger.js';
import type { SourcePos } from '../errors.js';

interface Held {
  level: LogLevel;
  line: string;
  pos?: SourcePos;
}

export class ActionSink implements LineSink {
  /** Inside a group: its held lines (concurrent apps), or 'live' (lines go straight out). */
  private readonly held = new AsyncLocalStorage<Held[] | 'live'>();

  /** `concurrent`: more than one app may log at once. */
  constructor(private readonly concurrent: boolean, private readonly workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()) {}

  write(level: LogLevel, line: string, pos?: SourcePos): void {
    const buffer = this.held.getStore();
    if (Array.isArray(buffer)) buffer.push({ level, line, pos });
    else this.emit(level, line, pos);
  }

  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    // GitHub cannot nest groups: a group opened inside another (e.g. a plugin's own) becomes a heading line.
    if (this.held.getStore()) {
      this.write('info', `▸ ${name}`);
      return fn();
    }
    if (!this.concurrent) return this.held.run('live', () => core.group(name, fn));
    const buffer: Held[] = [];
    try {
      return await this.held.run(buffer, fn);
    } finally {
      core.startGroup(name);
      for (const h of buffer) this.emit(h.level, h.line, h.pos);
      core.endGroup();
    }
  }

  private emit(level: LogLevel, line: string, pos?: SourcePos): void {
    const props = annotation(pos, this.workspace);
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

/** Annotation properties for a source position; GitHub wants the file relative to the workspace. */
export function annotation(pos: SourcePos | undefined, workspace: string): core.AnnotationProperties {
  return pos ? { file: relative(workspace, pos.file) || pos.file, startLine: pos.line, startColumn: pos.col } : {};
}
