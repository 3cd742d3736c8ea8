import { group, role, text, user, type TargetResolver } from './targets.js';

/**
 * SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy act on the user, group or role their
 * `PolicySourceArn` names (the Service Authorization Reference lists those three resource types),
 * authorized like any operation on that entity: its ARN with its real path, and its tags. An ARN
 * that names none of them in the caller's account is checked as given; the handler then refuses it.
 */

const ENTITY = /^arn:aws:iam::(\d{12}):(user|group|role)\/(?:[^/]+\/)*([^/]+)$/;

const RESOLVERS = { user: user('Name'), group: group('Name'), role: role('Name') } as const;

export const policySource: TargetResolver = (input, context) => {
  const arn = text(input, 'PolicySourceArn') ?? '';
  const match = ENTITY.exec(arn);
  if (!match || match[1] !== context.caller.accountId) return Promise.resolve({ resource: arn, keys: {} });
  const kind = match[2] as keyof typeof RESOLVERS;
  return RESOLVERS[kind]({ Name: match[3] }, context);
};
