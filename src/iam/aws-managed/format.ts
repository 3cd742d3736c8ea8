import { createHash } from 'node:crypto';

/**
 * The file format of the AWS managed policy catalog, shared by the script that writes it
 * (`scripts/build-aws-managed.ts`) and the loader that reads it (`catalog.ts`). The file is gzipped
 * JSON: one entry per policy with its default (latest) version only.
 */

/** Bumped whenever the shape below changes, so a stale file is rebuilt instead of misread. */
export const CATALOG_FORMAT = 1;

/** The file name, beside `catalog.ts` in the source tree (and in `dist/` once built). */
export const CATALOG_FILE_NAME = 'catalog.json.gz';

export interface CatalogSource {
  /** The npm package the catalog was extracted from. */
  readonly package: string;
  readonly version: string;
}

export interface CatalogEntry {
  readonly name: string;
  /** `/`, `/service-role/`, `/job-function/`, `/aws-service-role/`, … */
  readonly path: string;
  /** A stable id (see `awsManagedPolicyId`): the dataset does not carry AWS's own ids. */
  readonly id: string;
  /** The default version: the latest one, the only one the catalog keeps. */
  readonly version: string;
  /** ISO 8601: when AWS created the policy. */
  readonly created: string;
  /** ISO 8601: when AWS created the default version (the policy's UpdateDate). */
  readonly updated: string;
  /** The default version's document, as parsed JSON (key order as AWS wrote it). */
  readonly document: unknown;
}

export interface CatalogFile {
  readonly format: typeof CATALOG_FORMAT;
  readonly source: CatalogSource;
  readonly policies: readonly CatalogEntry[];
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * The id iamfa gives an AWS managed policy: `ANPA` and 17 characters derived from its ARN, so it is
 * the same on every server and every rebuild (AWS's real ids are not in the public dataset).
 */
export function awsManagedPolicyId(arn: string): string {
  const digest = createHash('sha256').update(`aws-managed-policy:${arn}`).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += BASE32[(digest[i] as number) % 32];
  return id;
}
