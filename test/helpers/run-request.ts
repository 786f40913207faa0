/** A lifecycle run request with quiet defaults (command up, no env, empty git): tests override what they test. */
import type { ProjectConfig } from '../../src/config/types.js';
import type { RunRequest } from '../../src/lifecycle/executor.js';
import { SinkLogger } from '../../src/log/logger.js';
import { Redactor } from '../../src/secrets/redactor.js';

export function runRequest(config: ProjectConfig, over: Partial<RunRequest>): RunRequest {
  const redactor = new Redactor();
  return {
    config,
    command: 'up',
    log: new SinkLogger({ write: () => undefined }, redactor, 'debug'),
    redactor,
    signal: new AbortController().signal,
    env: {},
    git: { sha: '', short_sha: '', branch: '', tag: '', remote: '' },
    ...over,
  };
}
