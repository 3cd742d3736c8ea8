import type { QueryService } from '../query-service.js';
import { loadModel } from '../query/index.js';
import { ec2Authorizations } from './authorization.js';
import { ec2CommonError } from './common-errors.js';
import { instanceOperations } from './instances.js';
import { regionOperations } from './regions.js';
import { tagOperations } from './tags.js';

/** EC2 (API version 2016-11-15) over the EC2 query protocol: instances, tags, regions and zones. */
export const ec2Service: QueryService = {
  name: 'ec2',
  model: loadModel('ec2'),
  operations: { ...instanceOperations, ...tagOperations, ...regionOperations },
  authorizations: ec2Authorizations,
  commonError: ec2CommonError,
};
