// The monthly job. An EventBridge Scheduler cron in the site time zone (default 06:00 daily from the 4th
// to the 28th: on the 4th every message of the month has had 72 hours to be answered; the later days
// pick the month up once a late load completes it) starts a Step Functions execution:
//
//   Compute    first the cheap checks: the month already sent → done; another execution holds this
//              schedule's run lock → duplicate. Then Athena → runMonthly; a month whose data is not
//              complete → late (MonthlyDataLate alarm). Otherwise monthly/<month>/monthly.json +
//              departments.json (results bucket), the organisation page and index (reports bucket).
//   Choice     anything but a ready month ends the execution quietly (Succeed): no false failure.
//   Map        a distributed Map, one child execution per department (max concurrency from config):
//              render that department's email (preview kept privately: results bucket,
//              previews/<month>/emails/) and send it through SES, claimed in the send ledger first, so a
//              retried branch never sends twice. Transient errors and Lambda timeouts retry with
//              backoff; a department that still fails is recorded and the others carry on. Results go
//              to S3 (map-results/), so thousands of departments fit.
//   Finish     reads the Map's result files, writes monthly/<month>/run.json and fails the execution if
//              any department failed (→ alarm). A watchdog schedule later checks run.json for the month.
// The parts live in their own files: monthly-functions.ts (the four Lambdas and their permissions),
// monthly-state-machine.ts, monthly-schedules.ts and monthly-alarms.ts. Each part creates its resources
// directly in this construct's scope, so the construct paths (and the logical ids CloudFormation keys its
// resources by) are the ones the single constructor had.
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Settings } from '../settings/index.ts';
import type { AthenaWorkgroup } from './athena-workgroup.ts';
import type { GlueCatalog } from './glue-catalog.ts';
import type { LakeBuckets } from './lake-buckets.ts';
import { monthlyAlarms } from './monthly-alarms.ts';
import { monthlyFunctions } from './monthly-functions.ts';
import { monthlySchedules } from './monthly-schedules.ts';
import { monthlyStateMachine } from './monthly-state-machine.ts';
import type { Operations } from './operations.ts';
import type { PortalPulseFunction } from './portal-pulse-function.ts';
import type { SesSender } from './ses-sender.ts';

export { MAP_RESULTS, TRANSIENT_ERRORS } from './monthly-state-machine.ts';

export interface MonthlyJobProps {
  readonly envName: string;
  readonly timezone: string;
  readonly monthlyCron: string;
  readonly watchdogCron: string;
  readonly key: kms.IKey;
  /** The lake, results and reports buckets; each function's S3 access comes from their grant methods. */
  readonly buckets: LakeBuckets;
  readonly catalog: GlueCatalog;
  readonly workgroup: AthenaWorkgroup;
  readonly ses: SesSender;
  readonly settings: Settings;
  readonly maxConcurrency: number;
  readonly sendAttempts: number;
  /** Each department sender's share of the SES rate (messages a second). */
  readonly sesMaxPerSecond: number;
  readonly logRetentionDays: number;
  readonly keepOnDelete: boolean;
  readonly operations: Operations;
}

export class MonthlyJob extends Construct {
  readonly compute: PortalPulseFunction;
  readonly send: PortalPulseFunction;
  readonly finish: PortalPulseFunction;
  readonly watchdog: PortalPulseFunction;
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: scheduler.Schedule;
  readonly watchdogSchedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: MonthlyJobProps) {
    super(scope, id);
    const fns = monthlyFunctions(this, props);
    ({ compute: this.compute, send: this.send, finish: this.finish, watchdog: this.watchdog } = fns);
    this.stateMachine = monthlyStateMachine(this, props, fns);
    ({ schedule: this.schedule, watchdogSchedule: this.watchdogSchedule } = monthlySchedules(this, props, this.stateMachine, fns));
    monthlyAlarms(props, this.stateMachine, fns);
  }
}
