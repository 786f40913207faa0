/**
 * The parts of Nomad's HTTP API JSON we read (https://developer.hashicorp.com/nomad/api-docs). Field
 * names are Nomad's own; everything we do not use is left out.
 */

export type EvaluationStatus = 'pending' | 'complete' | 'failed' | 'canceled' | 'blocked';

/** `AllocationMetric`: why a task group could not be placed. */
export interface AllocationMetric {
  NodesEvaluated?: number;
  NodesFiltered?: number;
  NodesAvailable?: Record<string, number> | null;
  ClassFiltered?: Record<string, number> | null;
  ConstraintFiltered?: Record<string, number> | null;
  NodesExhausted?: number;
  ClassExhausted?: Record<string, number> | null;
  DimensionExhausted?: Record<string, number> | null;
  QuotaExhausted?: string[] | null;
  CoalescedFailures?: number;
}

export interface Evaluation {
  ID: string;
  /** The job's namespace: where nomad-pack registered it, which a pack may choose itself. */
  Namespace?: string;
  JobID: string;
  /** The job's `JobModifyIndex` at the registration that created this evaluation. */
  JobModifyIndex?: number;
  CreateIndex?: number;
  Type?: string;
  Status: EvaluationStatus;
  StatusDescription?: string;
  DeploymentID?: string;
  NextEval?: string;
  BlockedEval?: string;
  FailedTGAllocs?: Record<string, AllocationMetric> | null;
}

export type DeploymentState = 'running' | 'paused' | 'pending' | 'successful' | 'failed' | 'cancelled' | 'blocked' | 'unblocking';

export interface DeploymentGroupState {
  AutoRevert?: boolean;
  AutoPromote?: boolean;
  Promoted?: boolean;
  DesiredCanaries?: number;
  DesiredTotal: number;
  PlacedCanaries?: string[] | null;
  PlacedAllocs: number;
  HealthyAllocs: number;
  UnhealthyAllocs: number;
}

export interface NomadDeployment {
  ID: string;
  Namespace?: string;
  JobID: string;
  JobVersion: number;
  JobSpecModifyIndex?: number;
  Status: DeploymentState;
  StatusDescription: string;
  TaskGroups: Record<string, DeploymentGroupState> | null;
  CreateIndex?: number;
  ModifyIndex?: number;
}

export interface TaskEvent {
  Type: string;
  Time?: number;
  DisplayMessage?: string;
  DriverError?: string;
  Message?: string;
  FailsTask?: boolean;
}

export interface TaskState {
  State: string;
  Failed: boolean;
  Events: TaskEvent[] | null;
}

/** `AllocationListStub`, as the job, evaluation and deployment allocation lists return it. */
export interface Allocation {
  ID: string;
  Name?: string;
  JobID: string;
  JobVersion?: number;
  TaskGroup: string;
  DesiredStatus: string;
  ClientStatus: string;
  ClientDescription?: string;
  DeploymentStatus?: { Healthy: boolean | null; Canary?: boolean } | null;
  TaskStates?: Record<string, TaskState> | null;
}

export interface JobStub {
  ID: string;
  Name?: string;
  Namespace?: string;
  Type: string;
  Status: string;
  Stop?: boolean;
  /** Present when listed with `?meta=true` (Nomad 1.6+). */
  Meta?: Record<string, string> | null;
}

export interface Job extends JobStub {
  Version: number;
  JobModifyIndex?: number;
  Stable?: boolean;
  Meta?: Record<string, string> | null;
  /** Set (non-null) for periodic and parameterized jobs, which Nomad registers without evaluating. */
  Periodic?: object | null;
  ParameterizedJob?: object | null;
}

/** Response of the deployment write endpoints (promote, fail, pause). */
export interface DeploymentUpdateResponse {
  EvalID?: string;
  DeploymentModifyIndex?: number;
  RevertedJobVersion?: number | null;
  Index?: number;
}
