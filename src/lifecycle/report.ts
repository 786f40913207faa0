/** One row per app for people: the CLI's closing table and the action's job summary share it. */
import { formatReference, parseReference } from '../docker/reference.js';
import { deploymentDetail, type AppResult, type Command, type RunResult } from './result.js';

export interface ReportRow {
  app: string;
  status: string;
  image: string;
  digest: string;
  deployment: string;
  durations: string;
}

export const REPORT_HEADERS: Record<keyof ReportRow, string> = {
  app: 'App',
  status: 'Status',
  image: 'Image',
  digest: 'Digest',
  deployment: 'Deployment',
  durations: 'Durations',
};

export function reportRows(result: RunResult): ReportRow[] {
  return Object.entries(result.apps).map(([app, r]) => ({
    app,
    status: statusOf(r, result.command),
    image: imageOf(r),
    // A local image ID is not a digest: `repo@sha256:<id>` would not pull.
    digest: r.registry?.digest || deploymentDetail(r, 'imageDigest') || '—',
    deployment: r.deployment ? `${r.deployment.id} (${r.deployment.status})${r.deployment.url ? ` ${r.deployment.url}` : ''}` : '—',
    durations: Object.entries(r.timings_ms)
      .filter(([, ms]) => ms > 0)
      .map(([phase, ms]) => `${phase} ${formatMs(ms)}`)
      .join(', ') || '—',
  }));
}

/** What the command found or did: `status` reports the deployment's state, not that asking succeeded. */
function statusOf(r: AppResult, command: Command): string {
  if (r.error) return `failed in ${r.error.phase}`;
  if (r.plan) return r.plan.changes ? 'changes' : 'no changes';
  if (command === 'status') return r.deployment?.status ?? 'not deployed';
  if (command === 'destroy') return r.destroyed === false ? 'not deployed' : 'destroyed';
  return 'ok';
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A plain-text table, columns padded to their widest cell. */
export function textTable(rows: ReportRow[]): string {
  const keys = Object.keys(REPORT_HEADERS) as (keyof ReportRow)[];
  const all = [REPORT_HEADERS, ...rows];
  const widths = keys.map((k) => Math.max(...all.map((r) => r[k].length)));
  return all.map((r) => keys.map((k, i) => r[k].padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/**
 * repo:tag only: the digest has its own column (the pinned reference is in the outputs and the result), and
 * `--image repo@sha256:…` has no tag (the repository alone, not `repo:`). `plan` names what it would deploy;
 * `status` knows only the deployment: what it runs, if its platform says.
 */
function imageOf(r: AppResult): string {
  const shown = (ref: { repository: string; tag: string | null }) => formatReference({ repository: ref.repository, tag: ref.tag, digest: null });
  if (r.registry) return shown(r.registry);
  if (r.artifact) return shown({ repository: r.artifact.image, tag: r.artifact.tag });
  const ref = r.plan?.image ?? deploymentDetail(r, 'image');
  return ref ? shown(parseReference(ref)) : '—';
}
