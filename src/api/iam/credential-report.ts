import {
  generateCredentialReport,
  getCredentialReport,
  type GeneratedReport,
} from '../../iam/credential-report.js';
import { operation, type Operations } from '../operation.js';

type GenerateCredentialReportOutput = { State: GeneratedReport['State']; Description?: string };
type GetCredentialReportOutput = { Content: string; ReportFormat: 'text/csv'; GeneratedTime: string };

/** GenerateCredentialReport and GetCredentialReport: the CSV goes out as a blob (base64 on the wire). */
export const credentialReportOperations: Operations = {
  GenerateCredentialReport: operation<Record<string, never>, GenerateCredentialReportOutput>(
    async (_input, ctx) => ({
      ...(await generateCredentialReport(ctx.store, ctx.caller.accountId, ctx.now)),
    }),
  ),

  GetCredentialReport: operation<Record<string, never>, GetCredentialReportOutput>((_input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const report = await getCredentialReport(tx, ctx.caller.accountId, ctx.now);
      return { Content: report.content, ReportFormat: 'text/csv', GeneratedTime: report.generatedTime };
    }),
  ),
};
