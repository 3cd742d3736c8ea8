import type {
  ConditionClause,
  Effect,
  ListElement,
  Located,
  PolicyDocument,
  PolicyVersion,
  Statement,
} from '../ast.js';
import { parseOperator } from '../conditions/registry.js';
import { joinPath, parseJson, propertiesOf, type JsonNode, type SourceText } from '../json.js';

/**
 * A best-effort reading of a document the parser rejected, so that one grammar error (seed 002's
 * `"iam: EnableMFADevice"`) does not hide every other finding. It keeps whatever is readable and
 * leaves out the values the parser rejected (their offsets are given), so no rule reports them a
 * second time. Statements without a readable Effect are left out: no rule can reason about them.
 */

/**
 * Reads what can be read of a policy text; undefined when it is not a JSON object at all.
 * @example recoverPolicy(text, new Set(errors.map((e) => e.span.start.offset)))
 */
export function recoverPolicy(text: string, rejected: ReadonlySet<number>): PolicyDocument | undefined {
  const { root, source } = parseJson(text);
  if (root?.type !== 'object') return undefined;
  return new Recovery(source, rejected).document(root);
}

const VERSIONS: readonly PolicyVersion[] = ['2012-10-17', '2008-10-17'];

class Recovery {
  constructor(
    private readonly source: SourceText,
    private readonly rejected: ReadonlySet<number>,
  ) {}

  private field(node: JsonNode, key: string): JsonNode | undefined {
    return propertiesOf(node).find((p) => p.key === key)?.valueNode;
  }

  document(root: JsonNode): PolicyDocument {
    const versionNode = this.field(root, 'Version');
    const given = VERSIONS.find((v) => v === versionNode?.value);
    // As the parser does: an unreadable Version is reported there and read as the current one.
    const version: PolicyVersion = versionNode ? (given ?? '2012-10-17') : '2008-10-17';
    const idNode = this.field(root, 'Id');
    const statementNode = this.field(root, 'Statement');
    const items =
      statementNode?.type === 'array'
        ? (statementNode.children ?? []).map((node, i) => ({ node, path: joinPath('Statement', i) }))
        : statementNode?.type === 'object'
          ? [{ node: statementNode, path: 'Statement' }]
          : [];
    const statements: Statement[] = [];
    items.forEach(({ node, path }, index) => {
      const statement = node.type === 'object' ? this.statement(node, index, path) : undefined;
      if (statement) statements.push(statement);
    });
    return {
      version,
      versionGiven: versionNode !== undefined,
      id: typeof idNode?.value === 'string' ? idNode.value : undefined,
      statements,
      span: this.source.nodeSpan(root, ''),
    };
  }

  private statement(node: JsonNode, index: number, path: string): Statement | undefined {
    const effect = this.field(node, 'Effect')?.value;
    if (effect !== 'Allow' && effect !== 'Deny') return undefined;
    const sid = this.field(node, 'Sid')?.value;
    const span = this.source.nodeSpan(node, path);
    return {
      index,
      sid: typeof sid === 'string' ? sid : undefined,
      effect: effect satisfies Effect,
      action: this.list(node, path, 'Action') ?? { negated: false, values: [], span },
      resource: this.list(node, path, 'Resource'),
      principal: undefined,
      conditions: this.conditions(node, path),
      span,
    };
  }

  /** `Action`/`NotAction` (or the Resource pair): the string values that the parser accepted. */
  private list(node: JsonNode, statementPath: string, name: 'Action' | 'Resource'): ListElement | undefined {
    for (const key of [name, `Not${name}`]) {
      const property = propertiesOf(node).find((p) => p.key === key);
      if (!property?.valueNode) continue;
      const path = joinPath(statementPath, key);
      return {
        negated: key !== name,
        values: this.strings(property.valueNode, path, false),
        span: this.source.nodeSpan(property.node, path),
      };
    }
    return undefined;
  }

  /** The scalar values of a string-or-array node as text (numbers and booleans only when `scalars`). */
  private strings(node: JsonNode, path: string, scalars: boolean): Located[] {
    const items =
      node.type === 'array'
        ? (node.children ?? []).map((child, i) => ({ child, path: joinPath(path, i) }))
        : [{ child: node, path }];
    const out: Located[] = [];
    for (const { child, path: itemPath } of items) {
      if (this.rejected.has(child.offset)) continue;
      const readable =
        child.type === 'string' || (scalars && (child.type === 'number' || child.type === 'boolean'));
      if (!readable) continue;
      const value =
        child.type === 'number'
          ? this.source.text.slice(child.offset, child.offset + child.length)
          : String(child.value);
      out.push({ value, span: this.source.nodeSpan(child, itemPath) });
    }
    return out;
  }

  private conditions(node: JsonNode, statementPath: string): ConditionClause[] {
    const block = this.field(node, 'Condition');
    if (block?.type !== 'object') return [];
    const path = joinPath(statementPath, 'Condition');
    const clauses: ConditionClause[] = [];
    for (const op of propertiesOf(block)) {
      const parsed = parseOperator(op.key);
      if (typeof parsed === 'string' || op.valueNode?.type !== 'object') continue;
      const opPath = joinPath(path, op.key);
      for (const key of propertiesOf(op.valueNode)) {
        if (!key.valueNode) continue;
        const keyPath = joinPath(opPath, key.key);
        const values = this.strings(key.valueNode, keyPath, true);
        if (values.length === 0) continue;
        clauses.push({
          operator: { value: op.key, span: this.source.nodeSpan(op.keyNode, opPath) },
          base: parsed.operator.name,
          setOperator: parsed.setOperator,
          ifExists: parsed.ifExists,
          key: { value: key.key, span: this.source.nodeSpan(key.keyNode, keyPath) },
          values,
          span: this.source.nodeSpan(key.node, keyPath),
        });
      }
    }
    return clauses;
  }
}
