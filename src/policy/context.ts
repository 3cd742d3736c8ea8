/** A condition key's value in a request: single-valued, or multi-valued (a list). */
export type ContextValue = string | readonly string[];

/** What callers may pass in: booleans and numbers are stored as the strings AWS uses. */
export type ContextInput = ContextValue | boolean | number;

/**
 * The condition keys of one request. Key names are case-insensitive, as in AWS.
 *
 * @example new RequestContext({ 'aws:username': 'alice', 'aws:MultiFactorAuthPresent': true })
 */
export class RequestContext {
  readonly #values = new Map<string, ContextValue>();

  constructor(entries: Readonly<Record<string, ContextInput | undefined>> = {}) {
    for (const [key, value] of Object.entries(entries)) if (value !== undefined) this.set(key, value);
  }

  /** Sets a key (any case); returns this for chaining. */
  set(key: string, value: ContextInput): this {
    this.#values.set(key.toLowerCase(), typeof value === 'object' ? value : String(value));
    return this;
  }

  /** A copy with more keys set (or replaced). */
  with(entries: Readonly<Record<string, ContextInput>>): RequestContext {
    const copy = new RequestContext();
    for (const [key, value] of this.#values) copy.#values.set(key, value);
    for (const [key, value] of Object.entries(entries)) copy.set(key, value);
    return copy;
  }

  /** Looks up a key already lower-cased (compiled policies lower-case their keys once). */
  get(lowerKey: string): ContextValue | undefined {
    return this.#values.get(lowerKey);
  }

  /** The keys present, lower-cased. */
  keys(): IterableIterator<string> {
    return this.#values.keys();
  }
}
