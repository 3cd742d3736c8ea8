import {
  claimCredentialReport,
  completeCredentialReport,
  findCredentialReport,
  type CredentialReportRow,
} from '../store/credential-reports.js';
import type { Store, Tx } from '../store/store.js';
import { credentialReportCsv } from './credential-report-csv.js';
import { reportedPrincipals } from './credential-report-rows.js';
import { IamError } from './errors.js';

/**
 * The credential report's life, as IAM's: GenerateCredentialReport starts a generation unless a
 * report younger than four hours exists (then that one is served: "COMPLETE"), or one is under way
 * ("INPROGRESS"); GetCredentialReport serves the report, or fails with ReportNotPresent (none was
 * generated), ReportInProgress, or ReportExpired (older than four hours). The report lives in the
 * database, so every node sharing it serves the same one.
 */

/** How long a report is served, and the least time between two generations. */
export const REPORT_LIFETIME_MS = 4 * 60 * 60 * 1000;

/** A generation not finished after this long is taken to have died with its node, and is started anew. */
export const ABANDONED_AFTER_MS = 5 * 60 * 1000;

/** AWS's Description when it starts a generation (GenerateCredentialReport's documented example). */
export const STARTED_DESCRIPTION = 'No report exists. Starting a new report generation task';

/** The message AWS sends with each of the report errors. */
const AWS_REPORT_ERROR_MESSAGE = 'Unknown';

export type ReportState = 'STARTED' | 'INPROGRESS' | 'COMPLETE';

export interface GeneratedReport {
  readonly State: ReportState;
  readonly Description?: string;
}

export interface CredentialReport {
  readonly content: string;
  readonly generatedTime: string;
}

function fresh(row: CredentialReportRow, now: Date): boolean {
  return row.generated_at !== null && now.getTime() - Date.parse(row.generated_at) < REPORT_LIFETIME_MS;
}

function underWay(row: CredentialReportRow, now: Date): boolean {
  return row.generated_at === null && now.getTime() - Date.parse(row.started_at) < ABANDONED_AFTER_MS;
}

/**
 * What GenerateCredentialReport finds, and the generation it must run, if any: `startedAt` is set
 * when this caller claimed a new generation (it then calls `writeCredentialReport`).
 */
export async function claimCredentialReportGeneration(
  tx: Tx,
  accountId: string,
  now: Date,
): Promise<{ readonly state: ReportState; readonly startedAt?: string }> {
  const row = await findCredentialReport(tx, accountId);
  if (row && fresh(row, now)) return { state: 'COMPLETE' };
  if (row && underWay(row, now)) return { state: 'INPROGRESS' };
  const startedAt = now.toISOString();
  if (!(await claimCredentialReport(tx, accountId, row, startedAt))) return { state: 'INPROGRESS' };
  return { state: 'STARTED', startedAt };
}

/** Generates the report of the generation claimed at `startedAt`, and stores it. */
export async function writeCredentialReport(
  tx: Tx,
  accountId: string,
  startedAt: string,
  now: Date,
): Promise<void> {
  const csv = credentialReportCsv(await reportedPrincipals(tx, accountId));
  await completeCredentialReport(tx, accountId, startedAt, now.toISOString(), csv);
}

/**
 * GenerateCredentialReport: claims a generation in one transaction and runs it in another, so that
 * while it runs other requests (on any node) see it under way: GetCredentialReport answers
 * ReportInProgress and GenerateCredentialReport INPROGRESS.
 * @example const { State } = await generateCredentialReport(store, accountId, new Date());
 */
export async function generateCredentialReport(
  store: Store,
  accountId: string,
  now: Date,
): Promise<GeneratedReport> {
  const claim = await store.transaction((tx) => claimCredentialReportGeneration(tx, accountId, now));
  if (claim.startedAt === undefined) return { State: claim.state };
  const startedAt = claim.startedAt;
  await store.transaction((tx) => writeCredentialReport(tx, accountId, startedAt, now));
  return { State: 'STARTED', Description: STARTED_DESCRIPTION };
}

/** GetCredentialReport: the report, or AWS's error for why there is none to serve. */
export async function getCredentialReport(tx: Tx, accountId: string, now: Date): Promise<CredentialReport> {
  const row = await findCredentialReport(tx, accountId);
  if (!row) throw new IamError('ReportNotPresent', AWS_REPORT_ERROR_MESSAGE);
  if (row.generated_at === null || row.content === null)
    throw new IamError('ReportInProgress', AWS_REPORT_ERROR_MESSAGE);
  if (!fresh(row, now)) throw new IamError('ReportExpired', AWS_REPORT_ERROR_MESSAGE);
  return { content: row.content, generatedTime: row.generated_at };
}
