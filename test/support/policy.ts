import { parsePolicy } from '../../src/policy/parse.js';
import type { PolicyKind } from '../../src/policy/ast.js';
import type { SourcedPolicy } from '../../src/policy/compile.js';

/** Parses a policy for a test, failing loudly on any error. Test support only. */
export function policy(document: object | string, id = 'test', kind: PolicyKind = 'managed'): SourcedPolicy {
  const text = typeof document === 'string' ? document : JSON.stringify(document, null, 2);
  const parsed = parsePolicy(text, { kind });
  if (!parsed.ok) throw new Error(`${id}: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return { id, type: kind === 'managed' ? 'user-managed' : kind, document: parsed.policy };
}
