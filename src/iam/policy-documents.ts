import {
  formatIssue,
  parsePolicy,
  SIZE_LIMITS,
  type PolicyDocument,
  type PolicyIssue,
  type PolicyKind,
} from '../policy/index.js';
import { IamError } from './errors.js';

/**
 * Policy documents as IAM's write operations receive them: checked with the policy engine's parser
 * and, when wrong, refused the way AWS refuses them. AWS answers `MalformedPolicyDocument` with a
 * short, fixed sentence ("Syntax errors in policy.", "Policy statement must contain actions.");
 * iamfa answers with that sentence first, so scripts matching AWS's wording keep working, then says
 * exactly what is wrong and where: `Syntax errors in policy. Statement[0].Effect (line 4, column 17):
 * Effect must be "Allow" or "Deny" …`.
 */

const SYNTAX_ERRORS = 'Syntax errors in policy.';
const VENDOR_PREFIX = 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
/** Issues named after the first, in full; the rest are counted. */
const MORE_SHOWN = 2;

/**
 * The parsed document, or an `IamError`: `MalformedPolicyDocument` for what the grammar refuses,
 * `LimitExceeded` ("Cannot exceed quota for PolicySize: 6144") for a document over its size quota.
 * Inline kinds are not measured here: their limit is on the sum of an entity's inline policies,
 * which the caller checks with the entity's name in the message.
 * @example validatePolicyDocument(input.PolicyDocument, 'managed')
 */
export function validatePolicyDocument(text: string, kind: PolicyKind): PolicyDocument {
  const aggregate = SIZE_LIMITS[kind]?.aggregate === true;
  const result = parsePolicy(text, aggregate ? { kind, sizeLimit: Number.POSITIVE_INFINITY } : { kind });
  if (result.ok) return result.policy;
  const tooLarge = result.errors.find((issue) => issue.code === 'size-limit');
  if (tooLarge) throw new IamError('LimitExceeded', tooLarge.message);
  throw new IamError('MalformedPolicyDocument', malformedMessage(result.errors, text, kind));
}

/** AWS's sentence for the first issue, that issue with its place, then the others. */
export function malformedMessage(issues: readonly PolicyIssue[], text: string, kind: PolicyKind): string {
  const [first, ...rest] = issues;
  if (!first) return SYNTAX_ERRORS;
  const lead = awsWording(first, text, kind);
  let message = `${lead} ${formatIssue(withoutLead(first, lead))}`;
  if (rest.length > 0) {
    message += ` Also: ${rest.slice(0, MORE_SHOWN).map(formatIssue).join(' ')}`;
    if (rest.length > MORE_SHOWN) message += ` (and ${rest.length - MORE_SHOWN} more)`;
  }
  return message;
}

/** The sentence AWS answers with for this kind of problem (its general one where it has no other). */
function awsWording(issue: PolicyIssue, text: string, kind: PolicyKind): string {
  switch (issue.code) {
    case 'missing-element':
      return missingElementWording(valueAt(issue, text), kind);
    case 'prohibited-element':
      return `Has prohibited field ${lastKey(issue.span.path)}.`;
    case 'principal-not-allowed':
      return 'Policy document should not specify a principal.';
    case 'invalid-principal':
      return 'Invalid principal in policy.';
    case 'invalid-sid':
      return 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*';
    case 'duplicate-sid':
      return 'Statement IDs (SID) in a single policy must be unique.';
    case 'invalid-action':
      return actionWording(valueAt(issue, text));
    case 'invalid-condition-key': {
      const key = valueAt(issue, text);
      return typeof key === 'string' && !key.includes(':') ? VENDOR_PREFIX : SYNTAX_ERRORS;
    }
    case 'invalid-resource': {
      const value = valueAt(issue, text);
      const element = /(?:^|\.)(NotResource|Resource)(?:\[\d+\])?$/.exec(issue.span.path)?.[1] ?? 'Resource';
      return typeof value === 'string' ? `${element} ${value} must be in ARN format or "*".` : SYNTAX_ERRORS;
    }
    default:
      return SYNTAX_ERRORS;
  }
}

/** Which required element a statement lacks, in AWS's words (the statement is the issue's node). */
function missingElementWording(statement: unknown, kind: PolicyKind): string {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) return SYNTAX_ERRORS;
  const has = (key: string): boolean => Object.hasOwn(statement, key);
  if (!has('Effect')) return SYNTAX_ERRORS;
  if (!has('Action') && !has('NotAction')) return 'Policy statement must contain actions.';
  if (kind !== 'trust' && !has('Resource') && !has('NotResource')) {
    return 'Policy statement must contain resources.';
  }
  if (!has('Principal') && !has('NotPrincipal')) return 'Missing required field Principal.';
  return SYNTAX_ERRORS;
}

function actionWording(action: unknown): string {
  if (typeof action !== 'string') return SYNTAX_ERRORS;
  const colons = action.split(':').length - 1;
  if (colons === 0) return VENDOR_PREFIX;
  if (colons > 1) return 'Actions/Condition can contain only one colon.';
  if (/[*?]/.test(action.slice(0, action.indexOf(':')))) {
    return 'Action vendors (e.g., aws, ec2, etc.) must not contain wildcards.';
  }
  return SYNTAX_ERRORS;
}

/** The JSON value the issue points at, read from the source text; undefined when it cannot be read. */
function valueAt(issue: PolicyIssue, text: string): unknown {
  try {
    return JSON.parse(text.slice(issue.span.start.offset, issue.span.end.offset)) as unknown;
  } catch {
    return undefined;
  }
}

/** The last key of a JSON path: `Resource` of `Statement[0].Resource`. */
function lastKey(path: string): string {
  return /([^.[\]"]+)"?\]?$/.exec(path)?.[1] ?? path;
}

/** The issue with AWS's sentence taken off its message when the message starts with it, to say it once. */
function withoutLead(issue: PolicyIssue, lead: string): PolicyIssue {
  const core = lead.replace(/\.$/, '');
  if (!issue.message.startsWith(core)) return issue;
  const rest = issue.message.slice(core.length).replace(/^[.:;,]?\s*/, '');
  return rest === '' ? issue : { ...issue, message: rest };
}
