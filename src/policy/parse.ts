import type {
  ConditionClause,
  Effect,
  ListElement,
  Located,
  PolicyDocument,
  PolicyKind,
  PolicyVersion,
  PrincipalElement,
  PrincipalEntry,
  PrincipalType,
  Span,
  Statement,
} from './ast.js';
import { ArnPattern } from './arn.js';
import { ConditionValueError, type ConditionOperator } from './conditions/operator.js';
import { parseOperator } from './conditions/registry.js';
import type { PolicyErrorCode, PolicyIssue } from './errors.js';
import {
  joinPath,
  parseJson,
  propertiesOf,
  type JsonNode,
  type JsonProperty,
  type SourceText,
} from './json.js';
import { SIZE_LIMITS, measuredSize, sizeLimitMessage, type SizeLimit } from './limits.js';
import { PatternError } from './pattern.js';

/**
 * Reads a policy document into the typed tree of ast.ts, checking it against the IAM policy
 * grammar and the rules AWS applies to each policy kind. Every problem is reported, each with its
 * JSON path, line and column; where AWS's own MalformedPolicyDocument message is known, the
 * message quotes it.
 */

export interface ParseOptions {
  readonly kind: PolicyKind;
  /** Overrides the kind's size limit (e.g. a role trust policy quota raised from 2,048). */
  readonly sizeLimit?: number;
}

export type ParseResult = { ok: true; policy: PolicyDocument } | { ok: false; errors: PolicyIssue[] };

/** Kinds attached to an identity: the principal is implied, so Principal is prohibited. */
const IDENTITY_KINDS: ReadonlySet<PolicyKind> = new Set([
  'managed',
  'user-inline',
  'group-inline',
  'role-inline',
  'boundary',
  'session',
]);

const TOP_LEVEL_ELEMENTS = ['Version', 'Id', 'Statement'] as const;
const STATEMENT_ELEMENTS = [
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
] as const;
const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const VERSIONS: readonly PolicyVersion[] = ['2012-10-17', '2008-10-17'];

/** IAM Sids: "basic alphanumeric characters (A-Z,a-z,0-9) are the only allowed characters". */
const IAM_SID = /^[0-9A-Za-z]*$/;
/** Action service prefixes: letters, digits and hyphens (`aws-marketplace`, `cognito-idp`). */
const SERVICE_PREFIX = /^[A-Za-z0-9-]+$/;
/** Condition keys are `prefix:name`; prefixes may hold dots and slashes (`oidc.eks…/id/X:sub`). */
const CONDITION_KEY = /^[A-Za-z0-9._/-]+:\S+$/;
const ACCOUNT_ID = /^\d{12}$/;
/** An IAM or STS principal ARN: account root, user, role, assumed-role or federated-user. */
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:(?:iam|sts)::\d{12}:\S+$/;
const WHITESPACE = /\s/;
const TYPOGRAPHIC_QUOTES = new Set(['\u2018', '\u2019', '\u201c', '\u201d']);

/**
 * Parses and validates a policy document for a policy kind; collects every error.
 * @example
 * const result = parsePolicy(text, { kind: 'managed' });
 * if (!result.ok) for (const e of result.errors) console.log(formatIssue(e));
 */
export function parsePolicy(text: string, options: ParseOptions): ParseResult {
  const issues: PolicyIssue[] = [];
  const json = parseJson(text);
  const { source, root } = json;
  if (options.kind !== 'resource') checkCharacters(source, issues);
  checkSize(text, source, options, issues);
  issues.push(...json.issues);
  const syntaxOk = !json.issues.some((i) => i.code === 'json-syntax');
  const policy = root && syntaxOk ? new Reader(source, options.kind, issues).document(root) : undefined;
  if (policy && issues.length === 0) return { ok: true, policy };
  issues.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { ok: false, errors: issues };
}

/** IAM accepts only tab, line feed, carriage return and U+0020–U+00FF in a policy document. */
function checkCharacters(source: SourceText, issues: PolicyIssue[]): void {
  const text = source.text;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xff)) continue;
    let end = i + 1;
    while (end < text.length) {
      const d = text.charCodeAt(end);
      if (d === 9 || d === 10 || d === 13 || (d >= 0x20 && d <= 0xff)) break;
      end++;
    }
    const ch = String.fromCodePoint(text.codePointAt(i) as number);
    const code = `U+${(text.codePointAt(i) as number).toString(16).toUpperCase().padStart(4, '0')}`;
    const hint = TYPOGRAPHIC_QUOTES.has(ch) ? ' It is a typographic quote: use a plain \' or " instead.' : '';
    issues.push({
      code: 'invalid-character',
      message:
        `Character ${code} '${ch}' is not allowed in a policy document; IAM accepts only tab, line feed, ` +
        `carriage return and characters U+0020 to U+00FF.${hint}`,
      span: source.span(i, end, ''),
    });
    i = end - 1;
  }
}

/** The per-document size limit of the kind (aggregate inline limits are the store's to check). */
function checkSize(text: string, source: SourceText, options: ParseOptions, issues: PolicyIssue[]): void {
  const whole = source.span(0, text.length, '');
  const base = SIZE_LIMITS[options.kind];
  const limit: SizeLimit | undefined =
    options.sizeLimit !== undefined
      ? {
          max: options.sizeLimit,
          measure: base?.measure ?? 'without-whitespace',
          aggregate: false,
          quota: base?.quota,
        }
      : base;
  if (!limit) return;
  const size = measuredSize(text, limit);
  if (size > limit.max) {
    issues.push({ code: 'size-limit', message: sizeLimitMessage(options.kind, limit, size), span: whole });
  }
}

/** Walks the JSON tree of one document, collecting issues and building the AST. */
class Reader {
  #version: PolicyVersion = '2008-10-17';
  /** Sids seen so far, with where the first one was. */
  readonly #sids = new Map<string, Span>();

  constructor(
    private readonly source: SourceText,
    private readonly kind: PolicyKind,
    private readonly issues: PolicyIssue[],
  ) {}

  private get isIdentity(): boolean {
    return IDENTITY_KINDS.has(this.kind);
  }

  private report(code: PolicyErrorCode, message: string, span: Span): void {
    this.issues.push({ code, message, span });
  }

  private span(node: JsonNode, path: string): Span {
    return this.source.nodeSpan(node, path);
  }

  /** The properties of an object, the first of each key only (repeats are duplicate-key errors already). */
  private fields(node: JsonNode): Map<string, JsonProperty> {
    const map = new Map<string, JsonProperty>();
    for (const p of propertiesOf(node)) if (!map.has(p.key)) map.set(p.key, p);
    return map;
  }

  /** Reports keys that are not elements of this object, suggesting the right case when it is only that. */
  private unknownElements(
    fields: Map<string, JsonProperty>,
    known: readonly string[],
    path: string,
    where: string,
  ): void {
    for (const [key, p] of fields) {
      if (known.includes(key)) continue;
      const respelled = known.find((k) => k.toLowerCase() === key.toLowerCase());
      const hint = respelled
        ? ` Element names are case-sensitive: write '${respelled}'.`
        : ` ${where} elements are ${known.join(', ')}.`;
      this.report(
        'unknown-element',
        `Unknown element '${key}' in ${where.toLowerCase()}.${hint}`,
        this.span(p.keyNode, joinPath(path, key)),
      );
    }
  }

  /** Reads the document; undefined when it could not be read at all. */
  document(root: JsonNode): PolicyDocument | undefined {
    const span = this.span(root, '');
    if (root.type !== 'object') {
      this.report(
        'wrong-type',
        `A policy document must be a JSON object ({ "Version": …, "Statement": … }), not ${describe(root)}.`,
        span,
      );
      return undefined;
    }
    const fields = this.fields(root);
    this.unknownElements(fields, TOP_LEVEL_ELEMENTS, '', 'Policy');

    const versionField = fields.get('Version');
    const versionGiven = versionField !== undefined;
    if (versionField) this.#version = this.version(versionField) ?? '2012-10-17';

    let id: string | undefined;
    const idField = fields.get('Id');
    if (idField) {
      if (idField.valueNode?.type === 'string') id = idField.valueNode.value as string;
      else this.wrongType(idField, 'Id', 'a string');
    }

    const statements = this.statements(fields.get('Statement'), span);
    if (!statements) return undefined;
    return { version: this.#version, versionGiven, id, statements, span };
  }

  private version(field: JsonProperty): PolicyVersion | undefined {
    const node = field.valueNode;
    const path = 'Version';
    if (node?.type === 'string') {
      const found = VERSIONS.find((v) => v === node.value);
      if (found) return found;
      this.report(
        'invalid-version',
        `Version must be "2012-10-17" (current) or "2008-10-17" (legacy), not ${JSON.stringify(node.value)}. ` +
          'Version is the policy language version, not a date of your policy.',
        this.span(node, path),
      );
      return undefined;
    }
    this.report(
      'invalid-version',
      `Version must be the string "2012-10-17" or "2008-10-17", not ${describe(node)}.`,
      this.span(node ?? field.node, path),
    );
    return undefined;
  }

  private wrongType(field: JsonProperty, path: string, expected: string): void {
    this.report(
      'wrong-type',
      `${field.key} must be ${expected}, not ${describe(field.valueNode)}.`,
      this.span(field.valueNode ?? field.node, path),
    );
  }

  private statements(field: JsonProperty | undefined, documentSpan: Span): Statement[] | undefined {
    if (!field) {
      this.report(
        'missing-element',
        'The policy has no Statement; add a Statement with at least one statement.',
        documentSpan,
      );
      return undefined;
    }
    const node = field.valueNode;
    if (node?.type === 'object') {
      const statement = this.statement(node, 0, 'Statement');
      return statement && [statement];
    }
    if (node?.type !== 'array') {
      this.wrongType(field, 'Statement', 'a statement object or an array of statement objects');
      return undefined;
    }
    const items = node.children ?? [];
    if (items.length === 0) {
      this.report(
        'missing-element',
        'Statement is an empty array; add at least one statement.',
        this.span(node, 'Statement'),
      );
      return undefined;
    }
    const out: Statement[] = [];
    let complete = true;
    items.forEach((item, i) => {
      const path = joinPath('Statement', i);
      if (item.type !== 'object') {
        this.report(
          'wrong-type',
          `Each statement must be an object, not ${describe(item)}.`,
          this.span(item, path),
        );
        complete = false;
        return;
      }
      const statement = this.statement(item, i, path);
      if (statement) out.push(statement);
      else complete = false;
    });
    return complete ? out : undefined;
  }

  private statement(node: JsonNode, index: number, path: string): Statement | undefined {
    const span = this.span(node, path);
    const fields = this.fields(node);
    this.unknownElements(fields, STATEMENT_ELEMENTS, path, 'Statement');

    const sid = this.sid(fields.get('Sid'), path);
    const effect = this.effect(fields.get('Effect'), span, path);

    const actionField = this.either(fields, 'Action', 'NotAction', path);
    if (!actionField && !fields.has('Action') && !fields.has('NotAction')) {
      this.report('missing-element', 'Policy statement must contain actions: add Action or NotAction.', span);
    }
    const action = actionField && this.list(actionField, path, (v) => actionProblem(v));

    const resourceField = this.either(fields, 'Resource', 'NotResource', path);
    let resource: ListElement | undefined;
    if (this.kind === 'trust') {
      for (const name of ['Resource', 'NotResource']) {
        const f = fields.get(name);
        if (f) {
          this.report(
            'prohibited-element',
            `Has prohibited field ${name}: a role trust policy controls who may assume the role and names no resources; remove ${name}.`,
            this.span(f.node, joinPath(path, name)),
          );
        }
      }
    } else {
      if (!fields.has('Resource') && !fields.has('NotResource')) {
        this.report(
          'missing-element',
          'Policy statement must contain resources: add Resource or NotResource.',
          span,
        );
      }
      resource =
        resourceField && this.list(resourceField, path, (v) => this.resourceProblem(v, resourceField.key));
    }

    const principal = this.principalElement(fields, span, path);
    const conditions = this.conditions(fields.get('Condition'), path);

    if (
      effect === undefined ||
      !action ||
      (this.kind !== 'trust' && !resource) ||
      principal === false ||
      !conditions
    ) {
      return undefined;
    }
    return { index, sid, effect, action, resource, principal, conditions, span };
  }

  private sid(field: JsonProperty | undefined, statementPath: string): string | undefined {
    if (!field) return undefined;
    const path = joinPath(statementPath, 'Sid');
    const node = field.valueNode;
    if (node?.type !== 'string') {
      this.wrongType(field, path, 'a string');
      return undefined;
    }
    const sid = node.value as string;
    const span = this.span(node, path);
    // Resource policies of other services allow more (spaces, uniqueness per service); IAM's documents do not.
    if (this.kind === 'resource') return sid;
    if (!IAM_SID.test(sid)) {
      const fixed = sid.replace(/[^0-9A-Za-z]/g, '');
      this.report(
        'invalid-sid',
        `Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*: ` +
          `'${sid}' could be '${fixed}'.`,
        span,
      );
    } else if (sid !== '') {
      const first = this.#sids.get(sid);
      if (first) {
        this.report(
          'duplicate-sid',
          `Statement IDs (SID) in a single policy must be unique: '${sid}' is also the Sid of ${first.path.replace(/\.Sid$/, '')} ` +
            `(line ${first.start.line}).`,
          span,
        );
      } else this.#sids.set(sid, span);
    }
    return sid;
  }

  private effect(
    field: JsonProperty | undefined,
    statementSpan: Span,
    statementPath: string,
  ): Effect | undefined {
    if (!field) {
      this.report(
        'missing-element',
        'Policy statement must contain an Effect: add "Effect": "Allow" or "Effect": "Deny".',
        statementSpan,
      );
      return undefined;
    }
    const path = joinPath(statementPath, 'Effect');
    const node = field.valueNode;
    if (node?.type === 'string' && (node.value === 'Allow' || node.value === 'Deny')) return node.value;
    const value = node?.type === 'string' ? (node.value as string) : undefined;
    const respelled = value && ['Allow', 'Deny'].find((e) => e.toLowerCase() === value.toLowerCase());
    const message = respelled
      ? `Effect must be "Allow" or "Deny" exactly; write "${respelled}", not "${value}" (the value is case-sensitive).`
      : `Effect must be "Allow" or "Deny", not ${describe(node)}.`;
    this.report('invalid-effect', message, this.span(node ?? field.node, path));
    return undefined;
  }

  /** The one of a pair of exclusive elements (Action/NotAction…) that is present; reports both present. */
  private either(
    fields: Map<string, JsonProperty>,
    a: string,
    b: string,
    statementPath: string,
  ): JsonProperty | undefined {
    const fa = fields.get(a);
    const fb = fields.get(b);
    if (fa && fb) {
      const later = fa.node.offset > fb.node.offset ? fa : fb;
      this.report(
        'conflicting-elements',
        `The policy elements ${a} and ${b} cannot be used in the same statement; remove one of them.`,
        this.span(later.node, joinPath(statementPath, later.key)),
      );
      return undefined;
    }
    return fa ?? fb;
  }

  /** Reads a string-or-array element, checking each value with `problem` (a message, or undefined when fine). */
  private list(
    field: JsonProperty,
    statementPath: string,
    problem: (value: string) => [PolicyErrorCode, string] | undefined,
  ): ListElement | undefined {
    const path = joinPath(statementPath, field.key);
    const node = field.valueNode;
    const negated = field.key.startsWith('Not');
    const items: { node: JsonNode; path: string }[] = [];
    if (node?.type === 'string') items.push({ node, path });
    else if (node?.type === 'array') {
      (node.children ?? []).forEach((child, i) => items.push({ node: child, path: joinPath(path, i) }));
      if (items.length === 0) {
        const what = field.key.endsWith('Action') ? 'actions' : 'resources';
        this.report(
          'missing-element',
          `${field.key} is an empty array; it must list at least one of the statement's ${what}.`,
          this.span(node, path),
        );
        return undefined;
      }
    } else {
      this.wrongType(field, path, 'a string or an array of strings');
      return undefined;
    }
    const values: Located[] = [];
    let ok = true;
    for (const item of items) {
      const span = this.span(item.node, item.path);
      if (item.node.type !== 'string') {
        this.report(
          'wrong-type',
          `Each value of ${field.key} must be a string, not ${describe(item.node)}.`,
          span,
        );
        ok = false;
        continue;
      }
      const value = item.node.value as string;
      const found = problem(value);
      if (found) {
        this.report(found[0], found[1], span);
        ok = false;
      } else values.push({ value, span });
    }
    return ok ? { negated, values, span: this.span(field.node, path) } : undefined;
  }

  private resourceProblem(value: string, element: string): [PolicyErrorCode, string] | undefined {
    if (value === '*') return undefined;
    const variables = this.#version === '2012-10-17';
    try {
      if (ArnPattern.compile(value, variables)) return undefined;
    } catch (e) {
      if (e instanceof PatternError) return ['invalid-variable', `${element} '${value}': ${e.message}`];
      throw e;
    }
    return [
      'invalid-resource',
      `${element} ${value} must be in ARN format or "*": arn:partition:service:region:account:resource, ` +
        'e.g. arn:aws:iam::*:user/${aws:username}.',
    ];
  }

  /** Principal/NotPrincipal: `false` when present but wrong, undefined when absent. */
  private principalElement(
    fields: Map<string, JsonProperty>,
    statementSpan: Span,
    statementPath: string,
  ): PrincipalElement | undefined | false {
    const present = (['Principal', 'NotPrincipal'] as const)
      .map((k) => fields.get(k))
      .filter((f) => f !== undefined);
    if (this.isIdentity) {
      for (const f of present) {
        this.report(
          'principal-not-allowed',
          `Policy document should not specify a principal. A ${this.kind} policy applies to the identity it is attached to; remove ${f.key}.`,
          this.span(f.node, joinPath(statementPath, f.key)),
        );
      }
      return present.length > 0 ? false : undefined;
    }
    const field = this.either(fields, 'Principal', 'NotPrincipal', statementPath);
    if (present.length === 0) {
      this.report(
        'missing-element',
        `Missing required field Principal: a ${this.kind} policy statement must say whom it applies to.`,
        statementSpan,
      );
      return false;
    }
    return (field && this.principal(field, statementPath)) ?? false;
  }

  private principal(field: JsonProperty, statementPath: string): PrincipalElement | undefined {
    const path = joinPath(statementPath, field.key);
    const node = field.valueNode;
    const negated = field.key === 'NotPrincipal';
    const span = this.span(field.node, path);
    if (node?.type === 'string') {
      if (node.value === '*') return { negated, wildcard: true, entries: [], span };
      this.report(
        'invalid-principal',
        `${field.key} must be "*" or an object such as {"AWS": "123456789012"}, not the string ${JSON.stringify(node.value)}.`,
        this.span(node, path),
      );
      return undefined;
    }
    if (node?.type !== 'object') {
      this.wrongType(field, path, '"*" or an object of AWS, Service, Federated or CanonicalUser');
      return undefined;
    }
    const entries: PrincipalEntry[] = [];
    let ok = true;
    const members = this.fields(node);
    if (members.size === 0) {
      this.report(
        'invalid-principal',
        `${field.key} is empty; name at least one principal, e.g. {"AWS": "123456789012"}.`,
        this.span(node, path),
      );
      return undefined;
    }
    for (const [key, member] of members) {
      const memberPath = joinPath(path, key);
      const type = PRINCIPAL_TYPES.find((t) => t === key);
      if (!type) {
        const respelled = PRINCIPAL_TYPES.find((t) => t.toLowerCase() === key.toLowerCase());
        this.report(
          'invalid-principal',
          `Invalid principal key '${key}'` +
            (respelled
              ? `: keys are case-sensitive, write '${respelled}'.`
              : `; use AWS, Service, Federated or CanonicalUser.`),
          this.span(member.keyNode, memberPath),
        );
        ok = false;
        continue;
      }
      const values = this.principalValues(member, memberPath);
      if (!values) {
        ok = false;
        continue;
      }
      for (const value of values) {
        const problem = principalProblem(type, value.value);
        if (problem) {
          this.report('invalid-principal', problem, value.span);
          ok = false;
        } else entries.push({ type, value });
      }
    }
    return ok ? { negated, wildcard: false, entries, span } : undefined;
  }

  private principalValues(member: JsonProperty, path: string): Located[] | undefined {
    const node = member.valueNode;
    if (node?.type === 'string') return [{ value: node.value as string, span: this.span(node, path) }];
    if (node?.type === 'array' && (node.children ?? []).length > 0) {
      const out: Located[] = [];
      let ok = true;
      (node.children ?? []).forEach((child, i) => {
        const span = this.span(child, joinPath(path, i));
        if (child.type === 'string') out.push({ value: child.value as string, span });
        else {
          this.report(
            'wrong-type',
            `Each ${member.key} principal must be a string, not ${describe(child)}.`,
            span,
          );
          ok = false;
        }
      });
      return ok ? out : undefined;
    }
    this.wrongType(member, path, 'a string or a non-empty array of strings');
    return undefined;
  }

  private conditions(field: JsonProperty | undefined, statementPath: string): ConditionClause[] | undefined {
    if (!field) return [];
    const path = joinPath(statementPath, 'Condition');
    const node = field.valueNode;
    if (node?.type !== 'object') {
      this.wrongType(
        field,
        path,
        'an object of operator → { key: values }, e.g. {"Bool": {"aws:MultiFactorAuthPresent": "true"}}',
      );
      return undefined;
    }
    const clauses: ConditionClause[] = [];
    let ok = true;
    for (const [text, opField] of this.fields(node)) {
      const opPath = joinPath(path, text);
      const opSpan = this.span(opField.keyNode, opPath);
      const parsed = parseOperator(text);
      if (typeof parsed === 'string') {
        this.report('invalid-condition-operator', parsed, opSpan);
        ok = false;
      }
      const block = opField.valueNode;
      if (block?.type !== 'object') {
        this.report(
          'wrong-type',
          `Condition operator ${text} must map condition keys to values, e.g. {"aws:username": "alice"}; found ${describe(block)}.`,
          this.span(block ?? opField.node, opPath),
        );
        ok = false;
        continue;
      }
      const keys = this.fields(block);
      if (keys.size === 0) {
        this.report(
          'missing-element',
          `Condition operator ${text} names no condition key.`,
          this.span(block, opPath),
        );
        ok = false;
        continue;
      }
      for (const [key, keyField] of keys) {
        const keyPath = joinPath(opPath, key);
        const keySpan = this.span(keyField.keyNode, keyPath);
        if (!CONDITION_KEY.test(key)) {
          this.report(
            'invalid-condition-key',
            `Condition key '${key}' is not valid: use the format service:keyname, e.g. aws:MultiFactorAuthPresent.`,
            keySpan,
          );
          ok = false;
        }
        const values = this.conditionValues(keyField, keyPath);
        if (!values) {
          ok = false;
          continue;
        }
        if (typeof parsed === 'string') continue;
        for (const value of values) {
          const problem = this.conditionValueProblem(parsed.operator, value.value);
          if (problem) {
            this.report('invalid-condition-value', problem, value.span);
            ok = false;
          }
        }
        clauses.push({
          operator: { value: text, span: opSpan },
          base: parsed.operator.name,
          setOperator: parsed.setOperator,
          ifExists: parsed.ifExists,
          key: { value: key, span: keySpan },
          values,
          span: this.span(keyField.node, keyPath),
        });
      }
    }
    return ok ? clauses : undefined;
  }

  /** A condition's values as strings: numbers keep their source text, booleans become `true`/`false`. */
  private conditionValues(field: JsonProperty, path: string): Located[] | undefined {
    const node = field.valueNode;
    const scalar = (n: JsonNode, p: string): Located | undefined => {
      const span = this.span(n, p);
      if (n.type === 'string') return { value: n.value as string, span };
      if (n.type === 'boolean') return { value: n.value ? 'true' : 'false', span };
      if (n.type === 'number') return { value: this.source.text.slice(n.offset, n.offset + n.length), span };
      this.report(
        'wrong-type',
        `Condition values must be strings, numbers or booleans, not ${describe(n)}.`,
        span,
      );
      return undefined;
    };
    if (!node) return undefined;
    if (node.type !== 'array') {
      const one = scalar(node, path);
      return one && [one];
    }
    const items = node.children ?? [];
    if (items.length === 0) {
      this.report(
        'missing-element',
        `Condition key ${field.key} has an empty list of values; give at least one value.`,
        this.span(node, path),
      );
      return undefined;
    }
    const out: Located[] = [];
    let ok = true;
    items.forEach((item, i) => {
      const one = scalar(item, joinPath(path, i));
      if (one) out.push(one);
      else ok = false;
    });
    return ok ? out : undefined;
  }

  private conditionValueProblem(operator: ConditionOperator, value: string): string | undefined {
    try {
      if (operator.kind === 'presence') operator.compile(value);
      else
        operator.compile(value, { variables: this.#version === '2012-10-17' && operator.acceptsVariables });
      return undefined;
    } catch (e) {
      if (e instanceof ConditionValueError || e instanceof PatternError) return e.message;
      throw e;
    }
  }
}

/** What is wrong with an action string, as [code, message]; undefined when it is well formed. */
function actionProblem(value: string): [PolicyErrorCode, string] | undefined {
  if (value === '*') return undefined;
  if (WHITESPACE.test(value)) {
    const fixed = value.replace(/\s+/g, '');
    return ['invalid-action', `Action '${value}' contains whitespace; remove it: '${fixed}'.`];
  }
  if (value === '')
    return ['invalid-action', `Action must not be empty: write '*' or 'service:action', e.g. 'iam:GetUser'.`];
  const colon = value.indexOf(':');
  if (colon < 0) {
    return [
      'invalid-action',
      `Action '${value}' must be '*' or 'service:action' (a service prefix, a colon, an action name), e.g. 'iam:GetUser'.`,
    ];
  }
  if (value.indexOf(':', colon + 1) >= 0) {
    return ['invalid-action', `Actions/Condition can contain only one colon: '${value}' has more.`];
  }
  const prefix = value.slice(0, colon);
  const name = value.slice(colon + 1);
  if (/[*?]/.test(prefix)) {
    return [
      'invalid-action',
      `Action vendors (e.g., aws, ec2, etc.) must not contain wildcards: '${value}'. Wildcards may only follow the colon.`,
    ];
  }
  if (!SERVICE_PREFIX.test(prefix)) {
    return [
      'invalid-action',
      `Action '${value}' has an invalid service prefix '${prefix}': a prefix has only letters, digits and hyphens.`,
    ];
  }
  if (name === '') {
    return [
      'invalid-action',
      `Action '${value}' has no action name after the colon; write '${prefix}:*' for every action of ${prefix}.`,
    ];
  }
  return undefined;
}

/** What is wrong with one principal value of a type; undefined when it is well formed. */
function principalProblem(type: PrincipalType, value: string): string | undefined {
  if (type === 'AWS') {
    if (value === '*' || ACCOUNT_ID.test(value)) return undefined;
    if (/[*?]/.test(value)) {
      return `Invalid principal in policy: "AWS":"${value}". Wildcards (*, ?) are supported only as the whole value "*".`;
    }
    if (PRINCIPAL_ARN.test(value)) return undefined;
    return (
      `Invalid principal in policy: "AWS":"${value}". Use "*", a 12-digit account ID, or an IAM or STS ARN such as ` +
      'arn:aws:iam::123456789012:root or arn:aws:iam::123456789012:role/Name.'
    );
  }
  if (value === '' || WHITESPACE.test(value)) {
    return `Invalid principal in policy: "${type}":"${value}". A principal must not be empty or contain whitespace.`;
  }
  if (/[*?]/.test(value)) {
    return `Invalid principal in policy: "${type}":"${value}". Wildcards (*, ?) are not supported with the ${type} key.`;
  }
  return undefined;
}

/** A JSON node described for a message: `the number 5`, `an array`, `nothing`. */
function describe(node: JsonNode | undefined): string {
  if (!node) return 'nothing';
  switch (node.type) {
    case 'string':
      return `the string ${JSON.stringify(node.value)}`;
    case 'number':
      return `the number ${String(node.value)}`;
    case 'boolean':
      return `the boolean ${String(node.value)}`;
    case 'null':
      return 'null';
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    default:
      return node.type;
  }
}
