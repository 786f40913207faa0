/** The job summary: one table row per app, plan diffs folded below; for a refused run, why nothing ran. */
import * as core from '@actions/core';
import type { RefusedResult, RunResult } from '../lifecycle/result.js';
import { REPORT_HEADERS, reportRows, type ReportRow } from '../lifecycle/report.js';
import type { Redactor } from '../secrets/redactor.js';

/** Writes the summary; a runner without a summary file (GHES, local runs) gets a notice, never a failed step. */
export async function writeSummary(result: RunResult, redactor: Redactor): Promise<void> {
  await write(() => buildSummary(result, redactor), redactor);
}

/**
 * The summary of a refused run (a config error, a bad input): nothing ran, so there is no table, only why.
 * Without it the run page would show a failed step and an annotation, and nothing saying what to fix.
 */
export async function writeRefusedSummary(refused: RefusedResult, redactor: Redactor): Promise<void> {
  await write(
    () =>
      core.summary
        .addHeading(`CloudStation${refused.command ? ` ${refused.command}` : ''}: nothing ran ❌`, 3)
        .addRaw(`\n${pre(redactor.redact(refused.error.message))}\n`, true),
    redactor,
  );
}

/** Builds and writes a summary; any failure is a warning: the summary never decides the step's outcome. */
async function write(build: () => typeof core.summary, redactor: Redactor): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return core.info('job summary skipped: this runner has no GITHUB_STEP_SUMMARY file');
  try {
    await build().write();
  } catch (err) {
    core.warning(`job summary not written: ${redactor.redact((err as Error).message)}`);
  }
}

function buildSummary(result: RunResult, redactor: Redactor): typeof core.summary {
  const keys = Object.keys(REPORT_HEADERS) as (keyof ReportRow)[];
  const rows = reportRows(result).map((r) => keys.map((k) => ({ data: escapeHtml(redactor.redact(r[k])) })));
  const summary = core.summary
    .addHeading(`CloudStation ${result.command}: ${escapeHtml(result.project)} ${result.ok ? '✅' : '❌'}`, 3)
    .addTable([keys.map((k) => ({ data: REPORT_HEADERS[k], header: true })), ...rows]);
  // A Markdown HTML block opened by <p> or <details> ends at the first blank line, and what follows renders as
  // Markdown (headings, links, images). A <pre> that starts its own line after a blank one runs to </pre>.
  for (const [name, app] of Object.entries(result.apps)) {
    if (app.error) summary.addRaw(`\n<p><b>${escapeHtml(name)}</b> failed in ${app.error.phase}:</p>\n\n${pre(redactor.redact(app.error.message))}\n`, true);
    if (app.plan?.diff) summary.addRaw(`\n<details><summary>${escapeHtml(name)}: plan</summary>\n\n${pre(redactor.redact(app.plan.diff))}\n\n</details>\n`, true);
  }
  return summary;
}

function pre(text: string): string {
  return `<pre>${escapeHtml(text)}</pre>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
