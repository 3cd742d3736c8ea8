import { IamError } from '../../iam/errors.js';
import {
  MFA_CODE_INVALID_MESSAGE,
  MFA_DEVICE_UNKNOWN_MESSAGE,
  verifyMfaCode,
} from '../../iam/mfa-devices.js';
import { findManagedPolicy } from '../../iam/policies.js';
import { validatePolicyDocument } from '../../iam/policy-documents.js';
import { SESSION_DURATION } from '../../iam/roles.js';
import { assumedRoleArn, createRoleSession, type TemporaryCredentials } from '../../iam/sessions.js';
import { PolicySet, type ContextInput, type Decision } from '../../policy/index.js';
import { findRole, type RoleRow } from '../../store/roles.js';
import type { Tx } from '../../store/store.js';
import type { AuthorizationCheck } from '../authorization.js';
import { accessDeniedMessage, callerContext, callerPolicies, callerPrincipal } from '../authorize.js';
import { operation, type Caller, type Operations } from '../operation.js';

/** AssumeRole's default session: one hour. Role chaining is limited to one hour whatever is asked. */
const CHAINED_MAX_SECONDS = 3600;

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]+)$/;

type AssumeRoleInput = {
  RoleArn: string;
  RoleSessionName: string;
  PolicyArns?: { arn?: string }[];
  Policy?: string;
  DurationSeconds?: number;
  ExternalId?: string;
  SerialNumber?: string;
  TokenCode?: string;
};
type AssumeRoleOutput = {
  Credentials: TemporaryCredentials;
  AssumedRoleUser: { AssumedRoleId: string; Arn: string };
};

/** The role RoleArn names in the caller's account, or undefined (answered as AccessDenied, as AWS does). */
async function roleNamed(tx: Tx, caller: Caller, arn: string): Promise<RoleRow | undefined> {
  const match = ROLE_ARN.exec(arn);
  if (!match || match[1] !== caller.accountId) return undefined;
  const role = await findRole(tx, caller.accountId, match[3] as string);
  return role && role.path === match[2] ? role : undefined;
}

function denied(caller: Caller, check: AuthorizationCheck, decision: Decision): IamError {
  return new IamError('AccessDenied', accessDeniedMessage(caller.arn, check, decision));
}

/**
 * STS AssumeRole: temporary credentials that act as a role. The caller's own policies must allow
 * `sts:AssumeRole` on the role (unless, in the same account, the trust policy names the caller
 * itself), and the role's trust policy must allow the caller in every case. With `SerialNumber` +
 * `TokenCode` the code is checked against the caller's MFA device first, and the trust policy sees
 * aws:MultiFactorAuthPresent true; the session then carries MFA.
 */
export const assumeRoleOperations: Operations = {
  AssumeRole: operation<AssumeRoleInput, AssumeRoleOutput>(async (input, ctx) => {
    const { caller, now, secrets, store } = ctx;
    if (caller.principalType === 'Account')
      throw new IamError('AccessDenied', 'Roles may not be assumed by root accounts.');
    const { SerialNumber: serialNumber, TokenCode: tokenCode } = input;
    const withMfa = serialNumber !== undefined || tokenCode !== undefined;
    if (withMfa && serialNumber === undefined) throw new IamError('AccessDenied', MFA_DEVICE_UNKNOWN_MESSAGE);
    if (withMfa && tokenCode === undefined) throw new IamError('AccessDenied', MFA_CODE_INVALID_MESSAGE);
    if (input.Policy !== undefined) validatePolicyDocument(input.Policy, 'session');
    const policyArns = (input.PolicyArns ?? []).map((p) => p.arn ?? '');

    const check: AuthorizationCheck = { action: 'sts:AssumeRole', resource: input.RoleArn };
    const result = await store.transaction(async (tx) => {
      for (const arn of policyArns) await findManagedPolicy(tx, caller.accountId, arn);
      const role = await roleNamed(tx, caller, input.RoleArn);
      if (!role)
        throw denied(caller, check, { decision: 'implicitDeny', blockedBy: ['resource'], matched: [] });

      const chained = caller.role !== undefined;
      const duration = input.DurationSeconds ?? SESSION_DURATION.default;
      if (chained && duration > CHAINED_MAX_SECONDS)
        throw new IamError(
          'ValidationError',
          'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
        );
      if (duration > role.max_session_duration)
        throw new IamError(
          'ValidationError',
          'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
        );

      let mfaAuthenticatedAt: Date | undefined;
      if (withMfa) {
        // Only an IAM user has MFA devices; a role session's serial number names none of its own.
        if (caller.userId === undefined || caller.role)
          throw new IamError('AccessDenied', MFA_DEVICE_UNKNOWN_MESSAGE);
        const user = { accountId: caller.accountId, userId: caller.userId };
        const outcome = await verifyMfaCode(
          tx,
          secrets,
          user,
          serialNumber ?? '',
          tokenCode ?? '',
          now,
          ctx.request?.sourceIp,
        );
        if (!outcome.ok) return outcome;
        mfaAuthenticatedAt = now;
      }

      const keys: Record<string, ContextInput> = { 'sts:RoleSessionName': input.RoleSessionName };
      if (input.ExternalId !== undefined) keys['sts:ExternalId'] = input.ExternalId;
      if (mfaAuthenticatedAt) {
        keys['aws:MultiFactorAuthPresent'] = true;
        keys['aws:MultiFactorAuthAge'] = 0;
      }
      const context = callerContext(caller, ctx.request, now).with(keys);
      const trust = validatePolicyDocument(role.assume_role_policy, 'trust');
      const set = PolicySet.compile({
        ...(await callerPolicies(tx, caller)),
        resource: { id: `${role.arn}/trust`, type: 'trust', document: trust },
      });
      const decision = set.evaluate({
        ...check,
        resource: role.arn,
        context,
        principal: callerPrincipal(caller),
        resourceAccount: role.account_id,
      });
      const roleCheck = { ...check, resource: role.arn };
      if (decision.decision !== 'allowed') throw denied(caller, roleCheck, decision);
      // A role's trust policy is never optional: unlike other resource policies, the caller's own
      // permissions do not stand in for it.
      if (!decision.matched.some((s) => s.category === 'resource' && !s.deny))
        throw denied(caller, roleCheck, { decision: 'implicitDeny', blockedBy: ['resource'], matched: [] });

      const credentials = await createRoleSession(
        tx,
        secrets,
        {
          accountId: caller.accountId,
          roleId: role.id,
          sessionName: input.RoleSessionName,
          durationSeconds: duration,
          mfaAuthenticatedAt,
          sessionPolicy: input.Policy,
          sessionPolicyArns: policyArns,
        },
        now,
      );
      return {
        ok: true as const,
        output: {
          Credentials: credentials,
          AssumedRoleUser: {
            AssumedRoleId: `${role.id}:${input.RoleSessionName}`,
            Arn: assumedRoleArn(caller.accountId, role.name, input.RoleSessionName),
          },
        },
      };
    });
    if (!result.ok) throw result.error;
    return result.output;
  }),
};
