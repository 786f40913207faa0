/** An AppContext for component tests, with a logger that records every line it was given. */
import { Redactor } from '../../src/secrets/redactor.js';
import { SinkLogger, type LogLevel } from '../../src/log/logger.js';
import type { AppContext } from '../../src/lifecycle/context.js';

export interface RecordedLine {
  level: LogLevel;
  line: string;
}

export function testContext(overrides: Partial<AppContext> = {}): AppContext & { lines: RecordedLine[]; output(): string } {
  const redactor = overrides.redactor ?? new Redactor();
  const lines: RecordedLine[] = [];
  const log = new SinkLogger({ write: (level, line) => void lines.push({ level, line }) }, redactor, 'debug');
  return {
    project: 'test',
    app: 'web',
    workspace: process.cwd(),
    appPath: process.cwd(),
    labels: { 'cs.project': 'test', 'cs.app': 'web' },
    git: { sha: '0123456789abcdef0123456789abcdef01234567', short_sha: '0123456', branch: 'main', tag: '', remote: '' },
    vault: null,
    log,
    redactor,
    signal: new AbortController().signal,
    env: { ...process.env },
    inGitHubActions: false,
    ...overrides,
    lines,
    output: () => lines.map((l) => l.line).join('\n'),
  };
}
