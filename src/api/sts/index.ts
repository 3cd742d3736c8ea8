import type { QueryService } from '../query-service.js';
import { loadModel } from '../query/index.js';
import { callerIdentityOperations } from './caller-identity.js';

/** STS (API version 2011-06-15) over the query protocol. */
export const stsService: QueryService = {
  name: 'sts',
  model: loadModel('sts'),
  operations: { ...callerIdentityOperations },
  authorizations: {
    // "No permissions are required to perform this operation" (STS API Reference): even an
    // explicit deny of sts:GetCallerIdentity does not stop it.
    GetCallerIdentity: () => Promise.resolve([]),
  },
};
