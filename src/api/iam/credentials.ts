import type { Operations } from '../operation.js';
import { accessKeyOperations } from './access-keys.js';
import { loginProfileOperations } from './login-profiles.js';
import { passwordPolicyOperations } from './password-policy.js';
import { serviceCredentialOperations } from './service-credentials.js';
import { signingCertificateOperations } from './signing-certificates.js';
import { sshKeyOperations } from './ssh-keys.js';

/** Every IAM operation on a user's credentials and the account's password policy. */
export const credentialOperations: Operations = {
  ...passwordPolicyOperations,
  ...loginProfileOperations,
  ...accessKeyOperations,
  ...sshKeyOperations,
  ...signingCertificateOperations,
  ...serviceCredentialOperations,
};
