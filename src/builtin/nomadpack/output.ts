/**
 * Reads what nomad-pack prints. `run` announces each registered job with two documented lines:
 *   Evaluation ID: <uuid>
 *   Job '<id>' in pack deployment '<name>' registered successfully
 * Colours and status glyphs vary between versions and terminals, so lines are matched anywhere.
 */

export interface RegisteredJob {
  jobId: string;
  evaluationId: string | null;
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const EVALUATION = /Evaluation ID: ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;
const REGISTERED = /Job '([^']+)' in pack deployment '[^']*' registered successfully/;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Collects registered jobs line by line (feed it `runCommand`'s onLine), pairing each with the evaluation printed before it. */
export class RunOutput {
  readonly jobs: RegisteredJob[] = [];
  readonly evaluationIds: string[] = [];
  private pending: string | null = null;

  add(line: string): void {
    const text = stripAnsi(line);
    const evaluation = EVALUATION.exec(text)?.[1];
    if (evaluation) {
      this.evaluationIds.push(evaluation);
      this.pending = evaluation;
      return;
    }
    const job = REGISTERED.exec(text)?.[1];
    if (job) {
      this.jobs.push({ jobId: job, evaluationId: this.pending });
      this.pending = null;
    }
  }

  static parse(text: string): RunOutput {
    const out = new RunOutput();
    for (const line of text.split(/\r?\n/)) out.add(line);
    return out;
  }
}
