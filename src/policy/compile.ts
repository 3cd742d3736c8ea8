import type { PolicyDocument } from './ast.js';
import { CompiledStatement, type PolicyCategory, type PolicySource } from './statement.js';

/** A policy and where it came from, ready to compile. */
export interface SourcedPolicy extends PolicySource {
  readonly document: PolicyDocument;
}

/**
 * The statements of one or more policies of the same category, compiled once and indexed by
 * service prefix, so a request only looks at statements that can match its action.
 *
 * @example const group = StatementGroup.compile('identity', [{ id: 'Force_MFA', type: 'user-managed', document }]);
 */
export class StatementGroup {
  /** Statements whose actions span services (wildcard prefix or NotAction): always candidates. */
  readonly #anyService: readonly CompiledStatement[];
  readonly #byPrefix = new Map<string, CompiledStatement[]>();
  /** Per prefix, the candidates in document order, built on first use. */
  readonly #candidates = new Map<string, readonly CompiledStatement[]>();

  private constructor(readonly statements: readonly CompiledStatement[]) {
    this.#anyService = statements.filter((s) => s.prefixes === undefined);
    for (const s of statements)
      for (const prefix of s.prefixes ?? []) {
        const list = this.#byPrefix.get(prefix);
        if (list) list.push(s);
        else this.#byPrefix.set(prefix, [s]);
      }
  }

  /** Compiles the policies' statements in order. */
  static compile(category: PolicyCategory, policies: readonly SourcedPolicy[]): StatementGroup {
    return new StatementGroup(
      policies.flatMap(({ document, id, type }) =>
        document.statements.map((st) => new CompiledStatement({ id, type }, category, st, document.version)),
      ),
    );
  }

  /** The statements that may match an action of this (lower-cased) service prefix, in order. */
  candidates(prefix: string): readonly CompiledStatement[] {
    const own = this.#byPrefix.get(prefix);
    // Unknown prefixes share one list, so requests cannot grow the cache.
    if (!own) return this.#anyService;
    let list = this.#candidates.get(prefix);
    if (!list) {
      const mine = new Set(own);
      list = this.statements.filter((s) => mine.has(s) || s.prefixes === undefined);
      this.#candidates.set(prefix, list);
    }
    return list;
  }

  get isEmpty(): boolean {
    return this.statements.length === 0;
  }
}
