/** The CLI's logger: levels decide every line it writes, headings included. */
import { describe, expect, it } from 'vitest';
import { SinkLogger, type LogLevel } from '../../src/log/logger.js';
import { Redactor } from '../../src/secrets/redactor.js';

function logger(level: LogLevel) {
  const lines: string[] = [];
  const log = new SinkLogger({ write: (_level, line) => void lines.push(line) }, new Redactor(), level).child('[web]');
  return { log, lines };
}

describe('SinkLogger', () => {
  it.each([
    ['debug', ['[web] ▸ build (docker)', '[web] building', '[web] careful', '[web] broke']],
    ['info', ['[web] ▸ build (docker)', '[web] building', '[web] careful', '[web] broke']],
    ['warn', ['[web] careful', '[web] broke']],
    ['error', ['[web] broke']],
  ] as const)('at %s, writes %j (a group heading is an info line, under the app prefix)', async (level, expected) => {
    const { log, lines } = logger(level);
    await log.group('build (docker)', async () => {
      log.info('building');
      log.warn('careful');
      log.error('broke');
    });
    expect(lines).toEqual(expected);
  });
});
