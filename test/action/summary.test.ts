/** The job summary is Markdown with HTML in it: what an app printed must stay inside its <pre>, whatever it holds. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeSummary } from '../../src/action/summary.js';
import { emptyAppResult, type RunResult } from '../../src/lifecycle/result.js';
import { Redactor } from '../../src/secrets/redactor.js';

const UNTRUSTED = 'line one\n\n# Scheduler dry-run:\n- All tasks ok\n[details](https://example.com) ![x](https://example.com/pixel.png)\n</pre><script>x</script>';

describe('job summary', () => {
  let file = '';
  beforeEach(() => {
    file = join(mkdtempSync(join(tmpdir(), 'cs-summary-')), 'summary.md');
    writeFileSync(file, '');
    process.env.GITHUB_STEP_SUMMARY = file;
  });
  afterEach(() => delete process.env.GITHUB_STEP_SUMMARY);

  it('keeps an error message and a plan diff with blank lines inside their <pre>, escaped, each starting its own block', async () => {
    const result: RunResult = {
      project: 'shop',
      command: 'plan',
      ok: false,
      apps: {
        web: { ...emptyAppResult(), error: { phase: 'deploy', message: UNTRUSTED } },
        api: { ...emptyAppResult(), ok: true, plan: { changes: true, summary: 's', diff: UNTRUSTED } },
      },
    };
    await writeSummary(result, new Redactor());
    const md = readFileSync(file, 'utf8');
    const escaped = 'line one\n\n# Scheduler dry-run:\n- All tasks ok\n[details](https://example.com) ![x](https://example.com/pixel.png)\n&#60;/pre&#62;&#60;script&#62;x&#60;/script&#62;';
    // Each <pre> opens a line after a blank one, so the Markdown HTML block it starts runs to its </pre>.
    expect(md).toContain(`</p>\n\n<pre>${escaped}</pre>\n`);
    expect(md).toContain(`<details><summary>api: plan</summary>\n\n<pre>${escaped}</pre>\n\n</details>`);
    expect(md).not.toContain('<script>');
  });
});
