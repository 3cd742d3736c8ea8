import type { QueryService } from '../query-service.js';
import { loadModel } from '../query/index.js';
import { accessKeyInfoOperations } from './access-key-info.js';
import { assumeRoleOperations } from './assume-role.js';
import { callerIdentityOperations } from './caller-identity.js';
import { sessionTokenOperations } from './session-token.js';

/** STS (API version 2011-06-15) over the query protocol. */
export const stsService: QueryService = {
  name: 'sts',
  model: loadModel('sts'),
  operations: {
    ...callerIdentityOperations,
    ...sessionTokenOperations,
    ...assumeRoleOperations,
    ...accessKeyInfoOperations,
  },
  authorizations: {
    // "No permissions are required to perform this operation" (STS API Reference): even an
    // explicit deny of sts:GetCallerIdentity does not stop it.
    GetCallerIdentity: () => Promise.resolve([]),
    // "No permissions are required for a user to get a session token. […] You cannot use policies
    // to control authentication operations. […] You can include the GetSessionToken action in your
    // policies, but it has no effect on a user's ability to perform the GetSessionToken operation."
    // (IAM User Guide, Permissions for GetSessionToken): not even an explicit deny stops it.
    GetSessionToken: () => Promise.resolve([]),
    // AssumeRole authorizes within itself: the caller's policies and the role's trust policy are
    // evaluated together, in a context that includes the MFA code checked by the same request.
    AssumeRole: () => Promise.resolve([]),
    // An action on `*` like any other ("Grants permission to obtain details about the access key
    // id passed as a parameter", Service Authorization Reference).
    GetAccessKeyInfo: () => Promise.resolve([{ action: 'sts:GetAccessKeyInfo', resource: '*' }]),
  },
};
