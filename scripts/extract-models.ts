/**
 * Generates `src/api/models/{iam,sts,ec2}.json` from botocore's service models (Apache-2.0), keeping
 * only what the query codec needs to read requests, validate them and write responses: operations
 * (input, output, result wrapper, errors) and shapes (type, members, wire names, constraints, error
 * codes). Documentation, examples, endpoints and client-side hints are dropped.
 *
 * Run: `npx tsx scripts/extract-models.ts [botocore data directory]`. By default the data of the
 * botocore that `python3` imports (`pip install botocore`), else the Debian awscli package's copy
 * (/usr/lib/python3/dist-packages/awscli/botocore/data, older). Models may be gzipped (`.json.gz`).
 *
 * EC2's model is 2.8 MB (0.8 MB stripped); only the operations iamfa serves are kept, with the
 * shapes they reach.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { format, resolveConfig } from 'prettier';
import type {
  MemberRef,
  OperationModel,
  ServiceMetadata,
  ServiceModel,
  ServiceName,
  Shape,
} from '../src/api/query/model.js';

interface Source {
  readonly service: ServiceName;
  readonly path: string;
  /** Keep only these operations (and the shapes they reach); all when absent. */
  readonly operations?: readonly string[];
}

const SOURCES: readonly Source[] = [
  { service: 'iam', path: 'iam/2010-05-08/service-2.json' },
  { service: 'sts', path: 'sts/2011-06-15/service-2.json' },
  {
    service: 'ec2',
    path: 'ec2/2016-11-15/service-2.json',
    operations: [
      'DescribeInstances',
      'RunInstances',
      'StartInstances',
      'StopInstances',
      'RebootInstances',
      'TerminateInstances',
      'DescribeRegions',
      'DescribeAvailabilityZones',
      'CreateTags',
      'DeleteTags',
      'DescribeTags',
    ],
  },
];

const DEBIAN_AWSCLI_DATA = '/usr/lib/python3/dist-packages/awscli/botocore/data';
const DATA = process.argv[2] ?? pythonBotocoreData() ?? DEBIAN_AWSCLI_DATA;

function pythonBotocoreData(): string | undefined {
  try {
    const program = 'import botocore, os; print(os.path.dirname(botocore.__file__))';
    const dir = join(execFileSync('python3', ['-c', program], { encoding: 'utf8' }).trim(), 'data');
    return existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** A model file, plain or gzipped as pip's botocore ships them. */
function readModel(path: string): Buffer {
  const file = join(DATA, path);
  return existsSync(file) ? readFileSync(file) : gunzipSync(readFileSync(`${file}.gz`));
}
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'api', 'models');

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: Json | undefined, where: string): JsonObject {
  if (!isObject(value)) throw new Error(`${where}: expected an object`);
  return value;
}

function text(value: Json | undefined, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where}: expected a string`);
  return value;
}

function optionalText(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function optionalNumber(value: Json | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** `T` with its possibly-undefined properties made optional instead. */
type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops undefined properties, so the JSON holds only what the model says. */
function defined<T extends object>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Defined<T>;
}

function memberRef(raw: Json | undefined, where: string): MemberRef {
  const ref = object(raw, where);
  return defined({
    shape: text(ref.shape, `${where}.shape`),
    locationName: optionalText(ref.locationName),
    queryName: optionalText(ref.queryName),
  });
}

function flag(value: Json | undefined): true | undefined {
  return value === true ? true : undefined;
}

function shape(raw: JsonObject, name: string): Shape {
  const type = text(raw.type, `${name}.type`);
  const sensitive = flag(raw.sensitive);
  const min = optionalNumber(raw.min);
  const max = optionalNumber(raw.max);
  switch (type) {
    case 'structure': {
      const members = object(raw.members ?? {}, `${name}.members`);
      const error = isObject(raw.error)
        ? defined({
            code: text(raw.error.code, `${name}.error.code`),
            httpStatusCode: optionalNumber(raw.error.httpStatusCode) ?? 400,
            senderFault: flag(raw.error.senderFault),
          })
        : undefined;
      return defined({
        type,
        sensitive,
        required: Array.isArray(raw.required)
          ? raw.required.map((r, i) => text(r, `${name}.required[${i}]`))
          : undefined,
        members: Object.fromEntries(
          Object.entries(members).map(([member, ref]) => [member, memberRef(ref, `${name}.${member}`)]),
        ),
        error,
        exception: flag(raw.exception),
      });
    }
    case 'list':
      return defined({
        type,
        sensitive,
        member: memberRef(raw.member, `${name}.member`),
        min,
        max,
        flattened: flag(raw.flattened),
      });
    case 'map':
      return defined({
        type,
        sensitive,
        key: memberRef(raw.key, `${name}.key`),
        value: memberRef(raw.value, `${name}.value`),
        min,
        max,
        flattened: flag(raw.flattened),
      });
    case 'string':
      return defined({
        type,
        sensitive,
        min,
        max,
        pattern: optionalText(raw.pattern),
        enum: Array.isArray(raw.enum) ? raw.enum.map((e, i) => text(e, `${name}.enum[${i}]`)) : undefined,
      });
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'blob':
      return defined({ type, sensitive, min, max });
    case 'boolean':
      return defined({ type, sensitive });
    case 'timestamp': {
      const timestampFormat = optionalText(raw.timestampFormat);
      if (timestampFormat !== undefined && !['iso8601', 'rfc822', 'unixTimestamp'].includes(timestampFormat))
        throw new Error(`${name}: unknown timestampFormat ${timestampFormat}`);
      return defined({
        type,
        sensitive,
        timestampFormat: timestampFormat as 'iso8601' | 'rfc822' | 'unixTimestamp' | undefined,
      });
    }
    default:
      throw new Error(`${name}: unknown shape type ${type}`);
  }
}

function operation(raw: JsonObject, name: string): OperationModel {
  const input = isObject(raw.input) ? text(raw.input.shape, `${name}.input`) : undefined;
  const output = isObject(raw.output) ? raw.output : undefined;
  const errors = Array.isArray(raw.errors)
    ? raw.errors.map((e, i) => text(object(e, `${name}.errors[${i}]`).shape, `${name}.errors[${i}]`))
    : undefined;
  return defined({
    input,
    output: output ? text(output.shape, `${name}.output`) : undefined,
    resultWrapper: output ? optionalText(output.resultWrapper) : undefined,
    errors: errors && errors.length > 0 ? errors : undefined,
  });
}

/** The shapes reachable from `roots`, in the model's order. */
function reachable(shapes: Readonly<Record<string, Shape>>, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const s = shapes[name];
    if (!s) throw new Error(`missing shape ${name}`);
    if (s.type === 'structure') Object.values(s.members).forEach((m) => visit(m.shape));
    else if (s.type === 'list') visit(s.member.shape);
    else if (s.type === 'map') {
      visit(s.key.shape);
      visit(s.value.shape);
    }
  };
  for (const root of roots) visit(root);
  return seen;
}

/** `botocore 1.43.11`, or `botocore 2.0.0dev155 (awscli 2.9.19)` for the copy inside awscli. */
function botocoreVersion(): string {
  const version = (file: string): string | undefined =>
    existsSync(file) ? /__version__ = '([^']+)'/.exec(readFileSync(file, 'utf8'))?.[1] : undefined;
  const botocore = version(join(DATA, '..', '__init__.py')) ?? 'unknown';
  const awscli = version(join(DATA, '..', '..', '__init__.py'));
  return `botocore ${botocore}${awscli ? ` (awscli ${awscli})` : ''}`;
}

function extract(source: Source): ServiceModel {
  const raw = object(JSON.parse(readModel(source.path).toString('utf8')) as Json, source.path);
  const meta = object(raw.metadata, 'metadata');
  const protocolName = text(meta.protocol, 'metadata.protocol');
  if (protocolName !== 'query' && protocolName !== 'ec2')
    throw new Error(`${source.path}: protocol ${protocolName}`);
  const protocol: ServiceMetadata['protocol'] = protocolName;
  const metadata: ServiceMetadata = defined({
    apiVersion: text(meta.apiVersion, 'metadata.apiVersion'),
    protocol,
    xmlNamespace: text(meta.xmlNamespace, 'metadata.xmlNamespace'),
    serviceId: text(meta.serviceId, 'metadata.serviceId'),
    endpointPrefix: text(meta.endpointPrefix, 'metadata.endpointPrefix'),
    signingName: optionalText(meta.signingName),
  });

  const rawOperations = object(raw.operations, 'operations');
  const names = source.operations ?? Object.keys(rawOperations);
  const operations = Object.fromEntries(
    names.map((name) => [name, operation(object(rawOperations[name], name), name)]),
  );
  const allShapes = Object.fromEntries(
    Object.entries(object(raw.shapes, 'shapes')).map(([name, s]) => [name, shape(object(s, name), name)]),
  );
  const roots = Object.values(operations).flatMap((op) => [
    ...(op.input ? [op.input] : []),
    ...(op.output ? [op.output] : []),
    ...(op.errors ?? []),
  ]);
  const keep = source.operations ? reachable(allShapes, roots) : new Set(Object.keys(allShapes));
  const shapes = Object.fromEntries(Object.entries(allShapes).filter(([name]) => keep.has(name)));

  return {
    source:
      `Derived from botocore's ${source.path} (${botocoreVersion()}), Copyright Amazon.com, Inc. or its ` +
      'affiliates, licensed under the Apache License 2.0; documentation and client-only data removed by ' +
      'scripts/extract-models.ts' +
      (source.operations ? `; only the operations listed here and the shapes they reach` : '') +
      '.',
    license: 'Apache-2.0',
    metadata,
    operations,
    shapes,
  };
}

mkdirSync(OUT, { recursive: true });
for (const source of SOURCES) {
  const model = extract(source);
  const file = join(OUT, `${source.service}.json`);
  // Formatted as the repository's Prettier would, so `prettier --check` accepts the generated file.
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(JSON.stringify(model), { ...options, parser: 'json' }));
  const input = readModel(source.path).length;
  const output = readFileSync(file).length;
  console.log(
    `${source.service}: ${Object.keys(model.operations).length} operations, ` +
      `${Object.keys(model.shapes).length} shapes, ${input} → ${output} bytes`,
  );
}
