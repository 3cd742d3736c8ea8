import {
  explain,
  formatExplanation,
  PolicySet,
  type AuthorizationRequest,
  type CompiledStatement,
  type Decision,
  type DecisionKind,
  type PolicyCategory,
  type RequestContext,
  type RequestPrincipal,
  type Statement,
} from '../policy/index.js';
import { contextKeys } from './context-keys.js';
import { IamError } from './errors.js';
import { paginate, type Page } from './pagination.js';
import type { SimulatedPolicy } from './simulation-policies.js';
import { statementPositions, type StatementPositions } from './statement-positions.js';

/**
 * The policy simulator (SimulatePrincipalPolicy, SimulateCustomPolicy): each action on each
 * resource decided by the engine that enforces (PolicySet), and reported in the shapes of the IAM
 * API's EvaluationResult. One result per action and resource, actions outermost, as the API
 * reference describes ("Each operation is evaluated for each resource") and the model iamfa serves
 * returns them; the resource is `*` when none is given.
 *
 * What each result says, after the API reference and AWS's observed answers:
 * - MatchedStatements: the statements that decide: for an explicit deny the Deny statements that
 *   applied ("the deny statement is the only entry included"), for an allow the Allow statements
 *   that applied, none for an implicit deny; only identity-based and resource-based statements
 *   ("Only statements from identity-based and resource-based policies appear here"), the resource
 *   policy's first as AWS lists them.
 * - MissingContextValues: the keys the simulated policies refer to (contextKeys) that the request
 *   did not supply; all of the policies', not only the statements of this action, as AWS answers
 *   (boto/boto3#3111, "guidance": `aws:username` reported for an action whose statement does not
 *   use it).
 * - EvalDecisionDetails: "populated for only cross-account simulations"; "within the same account
 *   and includes a resource ARN, then the parameter is present but the response is empty";
 *   resource `*`: absent.
 * - ResourceSpecificResults: for a resource ARN, that resource's result (absent for `*`).
 * - PermissionsBoundaryDecisionDetail: whenever a boundary takes part.
 * - OrganizationsDecisionDetail: absent. It "only applies if the simulated user's account is part
 *   of an organization", and an iamfa account is in none (the AWS CLI's examples, for an account
 *   outside any organization, have none either).
 */

/** A `Position` and `Statement` of the IAM API. */
export interface MatchedStatement extends StatementPositions {
  readonly SourcePolicyId: string;
  readonly SourcePolicyType: string;
}

export type DecisionDetails = Readonly<Record<string, DecisionKind>>;

export interface ResourceSpecificResult {
  readonly EvalResourceName: string;
  readonly EvalResourceDecision: DecisionKind;
  readonly MatchedStatements: readonly MatchedStatement[];
  readonly MissingContextValues: readonly string[];
  readonly EvalDecisionDetails?: DecisionDetails;
  readonly PermissionsBoundaryDecisionDetail?: { readonly AllowedByPermissionsBoundary: boolean };
}

export interface EvaluationResult {
  readonly EvalActionName: string;
  readonly EvalResourceName: string;
  readonly EvalDecision: DecisionKind;
  readonly MatchedStatements: readonly MatchedStatement[];
  readonly MissingContextValues: readonly string[];
  readonly PermissionsBoundaryDecisionDetail?: { readonly AllowedByPermissionsBoundary: boolean };
  readonly EvalDecisionDetails?: DecisionDetails;
  readonly ResourceSpecificResults?: readonly ResourceSpecificResult[];
}

export interface SimulationInput {
  readonly identity: readonly SimulatedPolicy[];
  readonly boundary?: SimulatedPolicy | undefined;
  readonly resourcePolicy?: SimulatedPolicy | undefined;
  readonly actions: readonly string[];
  /** The resources to simulate on; `['*']` when the request names none. */
  readonly resources: readonly string[];
  readonly context: RequestContext;
  /** The simulated caller (CallerArn, or the policy source user); needed by a resource policy. */
  readonly caller?: RequestPrincipal | undefined;
  /** The caller's account: a resource of another account makes the simulation cross-account. */
  readonly callerAccount: string;
  /** ResourceOwner: the account of resources whose ARN names none (S3), and of the resource policy. */
  readonly resourceOwner?: string | undefined;
}

/** The scenarios ResourceHandlingOption accepts (the API reference lists these four). */
export const RESOURCE_HANDLING_OPTIONS: ReadonlySet<string> = new Set([
  'EC2-VPC-InstanceStore',
  'EC2-VPC-InstanceStore-Subnet',
  'EC2-VPC-EBS',
  'EC2-VPC-EBS-Subnet',
]);

/** `service:Action`: the simulator takes no wildcard ("does not support using wildcards"). */
const ACTION_NAME = /^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$/;

/** How AWS names each policy category in EvalDecisionDetails (cross-account only). */
const DETAIL_NAME: Readonly<Partial<Record<PolicyCategory, string>>> = {
  identity: 'IAM Policy',
  resource: 'Resource Policy',
  boundary: 'Permissions Boundary Policy',
};

/** The account an ARN names (empty for S3 and others that name none); undefined for `*`. */
function arnAccount(resource: string): string | undefined {
  if (!resource.startsWith('arn:')) return undefined;
  return resource.split(':')[4];
}

/** The decision of one category's statements alone. */
function categoryDecision(matched: readonly CompiledStatement[], category: PolicyCategory): DecisionKind {
  const own = matched.filter((s) => s.category === category);
  if (own.some((s) => s.deny)) return 'explicitDeny';
  return own.length > 0 ? 'allowed' : 'implicitDeny';
}

/**
 * The simulator of one request's policies, compiled once: decides (and explains) each action on
 * each resource.
 * @example new Simulator(input).evaluate('iam:ListUsers', '*').EvalDecision // 'explicitDeny'
 */
export class Simulator {
  readonly #set: PolicySet;
  readonly #positions = new Map<Statement, StatementPositions>();
  readonly #keys: readonly string[];

  constructor(private readonly input: SimulationInput) {
    const all = [...input.identity, input.boundary, input.resourcePolicy].filter(
      (p): p is SimulatedPolicy => p !== undefined,
    );
    for (const policy of all)
      for (const [statement, at] of statementPositions(policy.text, policy.document))
        this.#positions.set(statement, at);
    this.#keys = contextKeys(all.map((p) => p.document));
    this.#set = PolicySet.compile({
      identity: input.identity.map(({ id, type, document }) => ({ id, type, document })),
      resource: input.resourcePolicy && {
        id: input.resourcePolicy.id,
        type: input.resourcePolicy.type,
        document: input.resourcePolicy.document,
      },
      boundary: input.boundary && {
        id: input.boundary.id,
        type: input.boundary.type,
        document: input.boundary.document,
      },
    });
  }

  /** The context keys the policies use that the request does not supply. */
  missing(): string[] {
    return this.#keys.filter((key) => this.input.context.get(key.toLowerCase()) === undefined);
  }

  private statement(s: CompiledStatement): MatchedStatement {
    const at = this.#positions.get(s.statement);
    // Every compiled statement comes from a policy whose positions were computed above.
    if (!at) throw new Error(`No position for a statement of ${s.source.id}`);
    return { SourcePolicyId: s.source.id, SourcePolicyType: s.source.type, ...at };
  }

  private matched(decision: Decision): MatchedStatement[] {
    if (decision.decision === 'implicitDeny') return [];
    const deny = decision.decision === 'explicitDeny';
    const deciding = decision.matched.filter(
      (s) => s.deny === deny && (s.category === 'identity' || s.category === 'resource'),
    );
    const order = (s: CompiledStatement): number => (s.category === 'resource' ? 0 : 1);
    return deciding.sort((a, b) => order(a) - order(b)).map((s) => this.statement(s));
  }

  /** The request the engine decides for an action on a resource. */
  private request(action: string, resource: string): AuthorizationRequest & { resourceAccount: string } {
    const { input } = this;
    return {
      action,
      resource,
      context: input.context,
      principal: input.caller,
      // The ARN's account; ResourceOwner for ARNs that name none (S3); else the caller's.
      resourceAccount: (arnAccount(resource) || undefined) ?? input.resourceOwner ?? input.callerAccount,
    };
  }

  /** The engine's step-by-step explanation of one decision, as readable text. */
  explain(action: string, resource: string): string {
    const request = this.request(action, resource);
    return formatExplanation(request, explain(this.#set, request));
  }

  /** The EvaluationResult of an action on a resource. */
  evaluate(action: string, resource: string): EvaluationResult {
    const { input } = this;
    const request = this.request(action, resource);
    const { resourceAccount } = request;
    const decision = this.#set.evaluate(request);
    const MatchedStatements = this.matched(decision);
    const MissingContextValues = this.missing();
    const boundary =
      this.#set.boundary === undefined
        ? undefined
        : { AllowedByPermissionsBoundary: categoryDecision(decision.matched, 'boundary') === 'allowed' };
    const crossAccount = resourceAccount !== input.callerAccount;
    const details: DecisionDetails | undefined =
      resource === '*' && !crossAccount
        ? undefined
        : crossAccount
          ? Object.fromEntries(
              (['identity', 'resource', 'boundary'] as const)
                .filter((c) => c === 'identity' || this.#set[c] !== undefined)
                .map((c) => [DETAIL_NAME[c] as string, categoryDecision(decision.matched, c)]),
            )
          : {};
    const result: EvaluationResult = {
      EvalActionName: action,
      EvalResourceName: resource,
      EvalDecision: decision.decision,
      MatchedStatements,
      MissingContextValues,
      ...(boundary && { PermissionsBoundaryDecisionDetail: boundary }),
      ...(details && { EvalDecisionDetails: details }),
    };
    if (resource === '*') return result;
    return {
      ...result,
      ResourceSpecificResults: [
        {
          EvalResourceName: resource,
          EvalResourceDecision: decision.decision,
          MatchedStatements,
          MissingContextValues,
          ...(details && { EvalDecisionDetails: details }),
          ...(boundary && { PermissionsBoundaryDecisionDetail: boundary }),
        },
      ],
    };
  }
}

/** InvalidInput for an action name the simulator does not take. */
export function checkActions(actions: readonly string[]): void {
  for (const action of actions)
    if (!ACTION_NAME.test(action))
      throw new IamError(
        'InvalidInput',
        `Invalid action name ${action}: give the service prefix and the action, e.g. iam:CreateUser; wildcards are not supported.`,
      );
}

/**
 * Simulates every action on every resource; the page MaxItems/Marker ask for.
 * @example simulate({ identity: [forceMfa], actions: ['iam:ListUsers'], resources: ['*'], context, callerAccount }, {})
 */
export function simulate(
  input: SimulationInput,
  page: { readonly MaxItems?: number; readonly Marker?: string },
): Page<EvaluationResult> {
  checkActions(input.actions);
  const simulator = new Simulator(input);
  const pairs = input.actions.flatMap((action) => input.resources.map((resource) => ({ action, resource })));
  const slice = paginate(pairs, page);
  return { ...slice, items: slice.items.map(({ action, resource }) => simulator.evaluate(action, resource)) };
}
