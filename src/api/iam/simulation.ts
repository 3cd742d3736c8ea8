import { contextKeys } from '../../iam/context-keys.js';
import { IamError } from '../../iam/errors.js';
import { simulationContext, type ContextEntry } from '../../iam/simulation-context.js';
import {
  inputPolicy,
  principalPolicies,
  type PrincipalPolicies,
  type SimulatedPolicy,
} from '../../iam/simulation-policies.js';
import { RESOURCE_HANDLING_OPTIONS, simulate, type EvaluationResult } from '../../iam/simulation.js';
import type { RequestPrincipal } from '../../policy/index.js';
import { operation, type CallContext, type Operations } from '../operation.js';

/**
 * The policy simulator's four operations. The handlers turn the request into the simulator's
 * input (src/iam/simulation.ts) and check what the API reference requires of the combination:
 * one permissions boundary at most, and an IAM user as the caller whenever a resource policy
 * takes part ("so that the resource-based policy's Principal element has a value to use").
 */

type PolicyInputs = { PolicyInputList?: string[] };

type SimulationRequest = PolicyInputs & {
  PermissionsBoundaryPolicyInputList?: string[];
  ActionNames: string[];
  ResourceArns?: string[];
  ResourcePolicy?: string;
  ResourceOwner?: string;
  CallerArn?: string;
  ContextEntries?: ContextEntry[];
  ResourceHandlingOption?: string;
  MaxItems?: number;
  Marker?: string;
};

type SimulatePrincipalInput = SimulationRequest & { PolicySourceArn: string };

type SimulationOutput = {
  EvaluationResults: EvaluationResult[];
  IsTruncated: boolean;
  Marker?: string;
};

/** AWS's answer when a resource policy has no IAM user to evaluate its Principal against. */
const CALLER_MUST_BE_USER = 'Invalid caller - Caller must be an IAM user in this context.';

const USER_ARN = /^arn:aws:iam::(\d{12}):user\/(?:[^/]+\/)*[^/]+$/;

/** The input policies, named `PolicyInputList.N` as AWS reports them. */
function inputPolicies(texts: readonly string[] = []): SimulatedPolicy[] {
  return texts.map((text, i) => inputPolicy(text, `PolicyInputList.${i + 1}`, 'IAM Policy', 'managed'));
}

/** The boundary given in the request ("You can input only one permissions boundary"). */
function inputBoundary(texts: readonly string[] = []): SimulatedPolicy | undefined {
  if (texts.length > 1)
    throw new IamError('InvalidInput', 'Only one permissions boundary policy can be simulated.');
  const [text] = texts;
  return text === undefined
    ? undefined
    : inputPolicy(text, 'PermissionsBoundaryPolicyInputList.1', 'Permissions Boundary Policy', 'boundary');
}

/** The simulated caller as a resource policy sees it: CallerArn, else the source user. */
function simulatedCaller(
  callerArn: string | undefined,
  sourceUserArn: string | undefined,
): RequestPrincipal | undefined {
  const arn = callerArn ?? sourceUserArn;
  if (arn === undefined) return undefined;
  const account = USER_ARN.exec(arn)?.[1];
  if (account === undefined) throw new IamError('InvalidInput', CALLER_MUST_BE_USER);
  return { arn, account };
}

/** Runs a simulation of these identity policies (and boundary) with the request's other members. */
function run(
  input: SimulationRequest,
  ctx: CallContext,
  identity: readonly SimulatedPolicy[],
  boundary: SimulatedPolicy | undefined,
  sourceUserArn: string | undefined,
): SimulationOutput {
  const option = input.ResourceHandlingOption;
  if (option !== undefined && !RESOURCE_HANDLING_OPTIONS.has(option))
    throw new IamError(
      'InvalidInput',
      `Invalid ResourceHandlingOption ${option}: expected one of ${[...RESOURCE_HANDLING_OPTIONS].join(', ')}.`,
    );
  const resourcePolicy =
    input.ResourcePolicy === undefined
      ? undefined
      : inputPolicy(input.ResourcePolicy, 'ResourcePolicy', 'Resource Policy', 'resource');
  const caller = simulatedCaller(input.CallerArn, sourceUserArn);
  if (resourcePolicy && !caller) throw new IamError('InvalidInput', CALLER_MUST_BE_USER);
  const resources = input.ResourceArns ?? [];
  const page = simulate(
    {
      identity,
      boundary,
      resourcePolicy,
      actions: input.ActionNames,
      resources: resources.length === 0 ? ['*'] : resources,
      context: simulationContext(input.ContextEntries),
      caller,
      callerAccount: caller?.account ?? ctx.caller.accountId,
      resourceOwner: input.ResourceOwner,
    },
    input,
  );
  return {
    EvaluationResults: page.items,
    IsTruncated: page.IsTruncated,
    ...(page.Marker !== undefined && { Marker: page.Marker }),
  };
}

function principal(ctx: CallContext, arn: string): Promise<PrincipalPolicies> {
  return ctx.store.transaction((tx) => principalPolicies(tx, ctx.caller.accountId, arn));
}

/** SimulatePrincipalPolicy, SimulateCustomPolicy and the two GetContextKeysFor* operations. */
export const simulationOperations: Operations = {
  SimulatePrincipalPolicy: operation<SimulatePrincipalInput, SimulationOutput>(async (input, ctx) => {
    const source = await principal(ctx, input.PolicySourceArn);
    // A boundary in the request replaces the entity's own ("the new permissions boundary policy
    // is used for the simulation").
    const boundary = inputBoundary(input.PermissionsBoundaryPolicyInputList) ?? source.boundary;
    const identity = [...source.identity, ...inputPolicies(input.PolicyInputList)];
    const sourceUser = source.kind === 'user' ? source.arn : undefined;
    return run(input, ctx, identity, boundary, sourceUser);
  }),

  SimulateCustomPolicy: operation<SimulationRequest, SimulationOutput>((input, ctx) =>
    Promise.resolve(
      run(
        input,
        ctx,
        inputPolicies(input.PolicyInputList),
        inputBoundary(input.PermissionsBoundaryPolicyInputList),
        undefined,
      ),
    ),
  ),

  GetContextKeysForPrincipalPolicy: operation<
    PolicyInputs & { PolicySourceArn: string },
    { ContextKeyNames: string[] }
  >(async (input, ctx) => {
    const source = await principal(ctx, input.PolicySourceArn);
    const policies = [
      ...source.identity,
      ...(source.boundary ? [source.boundary] : []),
      ...inputPolicies(input.PolicyInputList),
    ];
    return { ContextKeyNames: contextKeys(policies.map((p) => p.document)) };
  }),

  GetContextKeysForCustomPolicy: operation<PolicyInputs, { ContextKeyNames: string[] }>((input) =>
    Promise.resolve({
      ContextKeyNames: contextKeys(inputPolicies(input.PolicyInputList).map((p) => p.document)),
    }),
  ),
};
