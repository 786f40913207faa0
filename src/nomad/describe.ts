/**
 * Turns Nomad API objects into the one-line explanations users see: per-group progress, why a task
 * group could not be placed, and what the unhealthy allocations' tasks reported.
 */
import type { Allocation, AllocationMetric, NomadDeployment, TaskEvent } from './types.js';

/** Nomad's short form of an ID, as its CLI prints it. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** `web: 2/3 placed, 1 healthy, 0 unhealthy` per task group, sorted by name. */
export function groupProgress(deployment: NomadDeployment): string {
  const groups = Object.entries(deployment.TaskGroups ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return groups
    .map(([name, g]) => {
      const canaries = g.DesiredCanaries ? `, canaries ${g.PlacedCanaries?.length ?? 0}/${g.DesiredCanaries}${g.Promoted ? ' promoted' : ''}` : '';
      return `${name}: ${g.PlacedAllocs}/${g.DesiredTotal} placed, ${g.HealthyAllocs} healthy, ${g.UnhealthyAllocs} unhealthy${canaries}`;
    })
    .join('; ');
}

/** Groups whose allocations went unhealthy, for naming them in a failure. */
export function unhealthyGroups(deployment: NomadDeployment): string[] {
  return Object.entries(deployment.TaskGroups ?? {})
    .filter(([, g]) => g.UnhealthyAllocs > 0 || g.HealthyAllocs < g.DesiredTotal)
    .map(([name]) => name)
    .sort();
}

/** One line per task group that could not be placed, with the scheduler's reasons. */
export function placementFailures(failed: Record<string, AllocationMetric>): string[] {
  return Object.entries(failed)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, m]) => {
      const count = (m.CoalescedFailures ?? 0) + 1;
      const reasons = placementReasons(m);
      return `task group "${group}" failed to place ${count} allocation${count > 1 ? 's' : ''}${reasons.length ? `: ${reasons.join('; ')}` : ''}`;
    });
}

function placementReasons(m: AllocationMetric): string[] {
  const out: string[] = [];
  if (m.NodesEvaluated === 0) out.push('no nodes were eligible for evaluation');
  for (const [dc, n] of Object.entries(m.NodesAvailable ?? {})) if (n === 0) out.push(`no nodes are available in datacenter "${dc}"`);
  for (const [cls, n] of Object.entries(m.ClassFiltered ?? {})) out.push(`class "${cls}": ${n} nodes excluded by filter`);
  for (const [c, n] of Object.entries(m.ConstraintFiltered ?? {})) out.push(`constraint "${c}": ${n} nodes excluded by filter`);
  if (m.NodesExhausted) out.push(`resources exhausted on ${m.NodesExhausted} nodes`);
  for (const [cls, n] of Object.entries(m.ClassExhausted ?? {})) out.push(`class "${cls}" exhausted on ${n} nodes`);
  for (const [dim, n] of Object.entries(m.DimensionExhausted ?? {})) out.push(`dimension "${dim}" exhausted on ${n} nodes`);
  for (const q of m.QuotaExhausted ?? []) out.push(`quota limit hit "${q}"`);
  return out;
}

/** Allocations a deployment counts against itself: marked unhealthy, or failed/lost on the client. */
function problemAllocations(allocs: readonly Allocation[]): Allocation[] {
  return allocs.filter((a) => a.DeploymentStatus?.Healthy === false || a.ClientStatus === 'failed' || a.ClientStatus === 'lost');
}

const MAX_ALLOCS = 5;
const MAX_EVENTS_PER_TASK = 3;

/** `allocation 287b65cc (web) task "server": Driver Failure: …` for each problem allocation. */
export function allocationProblems(allocs: readonly Allocation[]): string[] {
  const problems = problemAllocations(allocs);
  const lines = problems.slice(0, MAX_ALLOCS).flatMap((a) => {
    const tasks = Object.entries(a.TaskStates ?? {}).sort(([x], [y]) => x.localeCompare(y));
    const head = `allocation ${shortId(a.ID)} (${a.TaskGroup}, ${a.ClientStatus})`;
    const taskLines = tasks
      .map(([task, state]) => [task, telling(state.Events ?? [])] as const)
      .filter(([, events]) => events.length > 0)
      .map(([task, events]) => `${head} task "${task}": ${events.join('; ')}`);
    return taskLines.length ? taskLines : [`${head}${a.ClientDescription ? `: ${a.ClientDescription}` : ''}`];
  });
  if (problems.length > MAX_ALLOCS) lines.push(`…and ${problems.length - MAX_ALLOCS} more unhealthy allocations`);
  return lines;
}

/** The events that explain a failure: those carrying a driver error or failing the task, else the last one. */
function telling(events: readonly TaskEvent[]): string[] {
  const failing = events.filter((e) => e.DriverError || e.FailsTask);
  const chosen = (failing.length ? failing : events.slice(-1)).slice(-MAX_EVENTS_PER_TASK);
  return [...new Set(chosen.map(eventText))];
}

function eventText(e: TaskEvent): string {
  const message = e.DisplayMessage || e.Message || '';
  const driver = e.DriverError && !message.includes(e.DriverError) ? e.DriverError : '';
  return [e.Type, [message, driver].filter(Boolean).join(' — ')].filter(Boolean).join(': ');
}
