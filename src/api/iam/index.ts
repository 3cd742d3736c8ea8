import type { QueryService } from '../query-service.js';
import { loadModel } from '../query/index.js';
import { accountOperations } from './account.js';
import { authorizationDetailsOperations } from './authorization-details.js';
import { iamAuthorizations } from './authorization.js';
import { credentialReportOperations } from './credential-report.js';
import { credentialOperations } from './credentials.js';
import { groupsOperations } from './groups.js';
import { inlinePolicyOperations } from './inline-policies.js';
import { mfaDeviceOperations } from './mfa-devices.js';
import { policyOperations } from './policies.js';
import { rolesOperations } from './roles.js';
import { simulationOperations } from './simulation.js';
import { smsMfaOperations } from './sms-mfa.js';
import { usersOperations } from './users.js';

/** IAM (API version 2010-05-08) over the query protocol. */
export const iamService: QueryService = {
  name: 'iam',
  model: loadModel('iam'),
  operations: {
    ...usersOperations,
    ...groupsOperations,
    ...accountOperations,
    ...policyOperations,
    ...inlinePolicyOperations,
    ...credentialOperations,
    ...mfaDeviceOperations,
    ...smsMfaOperations,
    ...rolesOperations,
    ...simulationOperations,
    ...credentialReportOperations,
    ...authorizationDetailsOperations,
  },
  authorizations: iamAuthorizations,
};
