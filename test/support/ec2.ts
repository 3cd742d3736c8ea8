import { EC2Client } from '@aws-sdk/client-ec2';
import type { Credentials, TestServer } from './server.js';

/** An EC2 client for the test server, signed with the administrator's key unless told otherwise. */
export function ec2Client(
  t: TestServer,
  credentials: Credentials = t.admin,
  region = 'us-east-1',
): EC2Client {
  return new EC2Client({ endpoint: t.url, region, maxAttempts: 1, credentials });
}
