import { describe, expect, it } from 'vitest';
import { decodeInput, type DecodeResult } from './decode.js';
import { loadModel, type ServiceModel } from './model.js';

const iam = loadModel('iam');
const sts = loadModel('sts');

function decode(
  model: ServiceModel,
  operation: string,
  query: string | Record<string, string>,
): DecodeResult {
  return decodeInput(model, operation, new URLSearchParams(query));
}

function input(model: ServiceModel, operation: string, query: string | Record<string, string>): unknown {
  const result = decode(model, operation, query);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.input;
}

function error(model: ServiceModel, operation: string, query: string | Record<string, string>) {
  const result = decode(model, operation, query);
  if (result.ok) throw new Error(`decoded ${JSON.stringify(result.input)}`);
  return result.error;
}

describe('decodeInput: the wire forms', () => {
  it('reads top-level members by name and ignores the rest (Action, Version, unknown names)', () => {
    expect(
      input(
        iam,
        'CreateUser',
        'Action=CreateUser&Version=2010-05-08&UserName=bob&Path=%2Fops%2F&Colour=blue',
      ),
    ).toEqual({ UserName: 'bob', Path: '/ops/' });
  });

  it('reads lists of structures as Name.member.N.Member, in index order', () => {
    expect(
      input(iam, 'CreateUser', {
        UserName: 'bob',
        'Tags.member.2.Key': 'team',
        'Tags.member.2.Value': 'blue',
        'Tags.member.1.Key': 'cost-centre',
        'Tags.member.1.Value': '42',
      }),
    ).toEqual({
      UserName: 'bob',
      Tags: [
        { Key: 'cost-centre', Value: '42' },
        { Key: 'team', Value: 'blue' },
      ],
    });
  });

  it('reads lists of strings as Name.member.N, and 10 after 9', () => {
    const query: Record<string, string> = { UserName: 'bob' };
    for (let i = 1; i <= 11; i++) query[`TagKeys.member.${i}`] = `k${i}`;
    expect(input(iam, 'UntagUser', query)).toEqual({
      UserName: 'bob',
      TagKeys: ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9', 'k10', 'k11'],
    });
  });

  it('reads an empty list as Name= (how the SDKs send one)', () => {
    expect(input(iam, 'UntagUser', 'UserName=bob&TagKeys=')).toEqual({ UserName: 'bob', TagKeys: [] });
  });

  it('ignores element numbers that are not 1, 2, 3…', () => {
    expect(
      input(
        iam,
        'UntagUser',
        'UserName=bob&TagKeys.member.0=a&TagKeys.member.x=b&TagKeys.member.01=c&TagKeys.member.1=d',
      ),
    ).toEqual({ UserName: 'bob', TagKeys: ['d'] });
  });

  it('reads lists inside lists and lower-case member names (STS PolicyArns.member.N.arn)', () => {
    expect(
      input(iam, 'SimulatePrincipalPolicy', {
        PolicySourceArn: 'arn:aws:iam::123456789012:user/bob',
        'ActionNames.member.1': 'iam:GetUser',
        'ContextEntries.member.1.ContextKeyName': 'aws:MultiFactorAuthPresent',
        'ContextEntries.member.1.ContextKeyType': 'boolean',
        'ContextEntries.member.1.ContextKeyValues.member.1': 'true',
      }),
    ).toEqual({
      PolicySourceArn: 'arn:aws:iam::123456789012:user/bob',
      ActionNames: ['iam:GetUser'],
      ContextEntries: [
        {
          ContextKeyName: 'aws:MultiFactorAuthPresent',
          ContextKeyType: 'boolean',
          ContextKeyValues: ['true'],
        },
      ],
    });
    expect(
      input(sts, 'AssumeRole', {
        RoleArn: 'arn:aws:iam::123456789012:role/admin',
        RoleSessionName: 'alice',
        'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      }),
    ).toMatchObject({ PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] });
  });

  it('reads booleans and integers', () => {
    expect(
      input(
        iam,
        'UpdateAccountPasswordPolicy',
        'MinimumPasswordLength=14&RequireSymbols=true&HardExpiry=false',
      ),
    ).toEqual({ MinimumPasswordLength: 14, RequireSymbols: true, HardExpiry: false });
    expect(input(iam, 'ListUsers', 'MaxItems=1000')).toEqual({ MaxItems: 1000 });
  });

  it('reads large requests in linear time', () => {
    const params = new URLSearchParams({ PolicySourceArn: 'arn:aws:iam::123456789012:user/bob' });
    params.append('ActionNames.member.1', 'iam:GetUser');
    for (let i = 1; i <= 3000; i++) {
      params.append(`ContextEntries.member.${i}.ContextKeyName`, 'aws:username');
      params.append(`ContextEntries.member.${i}.ContextKeyType`, 'string');
      for (let j = 1; j <= 8; j++)
        params.append(`ContextEntries.member.${i}.ContextKeyValues.member.${j}`, `v${j}`);
    }
    const start = performance.now();
    const result = decodeInput(iam, 'SimulatePrincipalPolicy', params);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(result.ok && (result.input.ContextEntries as unknown[]).length).toBe(3000);
  });

  it('decodes form encoding: + is a space, %xx any byte of UTF-8', () => {
    expect(
      input(iam, 'CreateUser', 'UserName=bob&Tags.member.1.Key=a+b&Tags.member.1.Value=%C3%A9t%C3%A9'),
    ).toEqual({
      UserName: 'bob',
      Tags: [{ Key: 'a b', Value: 'été' }],
    });
  });

  it('gives operations without input an empty one', () => {
    expect(input(iam, 'GetAccountSummary', 'Anything=1')).toEqual({});
  });

  it('answers an unknown operation with InvalidAction', () => {
    expect(error(iam, 'CreateUnicorn', '')).toEqual({
      code: 'InvalidAction',
      message: 'Could not find operation CreateUnicorn for version 2010-05-08',
    });
    expect(error(iam, 'toString', '').code).toBe('InvalidAction');
  });

  it('refuses text that is not a value of its type with InvalidParameterValue', () => {
    expect(error(iam, 'ListUsers', 'MaxItems=ten')).toEqual({
      code: 'InvalidParameterValue',
      message: "Value 'ten' for parameter MaxItems is invalid: expected an integer.",
    });
    expect(error(iam, 'ListUsers', 'MaxItems=1.5').code).toBe('InvalidParameterValue');
    expect(error(iam, 'ListUsers', 'MaxItems=2147483648').code).toBe('InvalidParameterValue');
    expect(error(iam, 'ListUsers', 'MaxItems=').code).toBe('InvalidParameterValue');
    expect(error(iam, 'UpdateAccountPasswordPolicy', 'RequireSymbols=yes')).toEqual({
      code: 'InvalidParameterValue',
      message: "Value 'yes' for parameter RequireSymbols is invalid: expected true or false.",
    });
  });
});

/** A model with what IAM and STS inputs lack: maps, flattened lists, timestamps, blobs, longs, doubles. */
const synthetic: ServiceModel = {
  source: 'test',
  license: 'Apache-2.0',
  metadata: {
    apiVersion: '2020-01-01',
    protocol: 'query',
    xmlNamespace: 'https://example.com/doc/2020-01-01/',
    serviceId: 'Example',
    endpointPrefix: 'example',
  },
  operations: { Put: { input: 'PutRequest' } },
  shapes: {
    PutRequest: {
      type: 'structure',
      members: {
        Attributes: { shape: 'AttributeMap' },
        Flat: { shape: 'FlatMap' },
        Names: { shape: 'FlatList' },
        Renamed: { shape: 'NamedList', locationName: 'Item' },
        When: { shape: 'Time' },
        Data: { shape: 'Bytes' },
        Big: { shape: 'Long' },
        Ratio: { shape: 'Double' },
        Nested: { shape: 'Nested' },
      },
    },
    AttributeMap: { type: 'map', key: { shape: 'Key' }, value: { shape: 'Text' }, max: 2 },
    FlatMap: {
      type: 'map',
      key: { shape: 'Key', locationName: 'Name' },
      value: { shape: 'Text' },
      flattened: true,
    },
    FlatList: { type: 'list', member: { shape: 'Text' }, flattened: true },
    NamedList: { type: 'list', member: { shape: 'Text', locationName: 'Entry' } },
    Nested: { type: 'structure', members: { Inner: { shape: 'Text' } } },
    Key: { type: 'string', min: 1, max: 3 },
    Text: { type: 'string' },
    Time: { type: 'timestamp' },
    Bytes: { type: 'blob', max: 4 },
    Long: { type: 'long' },
    Double: { type: 'double' },
  },
};

describe('decodeInput: maps, flattened lists and the other scalar types', () => {
  it('reads maps as Name.entry.N.key / .value', () => {
    expect(
      input(
        synthetic,
        'Put',
        'Attributes.entry.1.key=a&Attributes.entry.1.value=x&Attributes.entry.2.key=b&Attributes.entry.2.value=y',
      ),
    ).toEqual({ Attributes: { a: 'x', b: 'y' } });
  });

  it('reads flattened maps as Name.N.key, with the key and value locationNames', () => {
    expect(input(synthetic, 'Put', 'Flat.1.Name=a&Flat.1.value=x')).toEqual({ Flat: { a: 'x' } });
  });

  it('reads flattened lists as Name.N, and a list member locationName in place of member', () => {
    expect(input(synthetic, 'Put', 'Names.1=a&Names.2=b&Item.Entry.1=c')).toEqual({
      Names: ['a', 'b'],
      Renamed: ['c'],
    });
  });

  it('reads nested structures as A.B, and leaves out ones with nothing in them', () => {
    expect(input(synthetic, 'Put', 'Nested.Inner=x')).toEqual({ Nested: { Inner: 'x' } });
    expect(input(synthetic, 'Put', 'Nested.Other=x')).toEqual({});
  });

  it('reads ISO 8601 timestamps into Dates', () => {
    expect(input(synthetic, 'Put', 'When=2024-05-01T12:00:00Z')).toEqual({
      When: new Date('2024-05-01T12:00:00Z'),
    });
    expect(input(synthetic, 'Put', 'When=2024-05-01T14:00:00.250%2B0200')).toEqual({
      When: new Date('2024-05-01T12:00:00.250Z'),
    });
    expect(error(synthetic, 'Put', 'When=yesterday').code).toBe('InvalidParameterValue');
    expect(error(synthetic, 'Put', 'When=2024-05-01').code).toBe('InvalidParameterValue');
  });

  it('reads base64 blobs into Buffers', () => {
    expect(input(synthetic, 'Put', 'Data=AQID')).toEqual({ Data: Buffer.from([1, 2, 3]) });
    expect(error(synthetic, 'Put', 'Data=not%20base64').code).toBe('InvalidParameterValue');
  });

  it('reads longs and doubles', () => {
    expect(input(synthetic, 'Put', 'Big=9007199254740991&Ratio=-0.25')).toEqual({
      Big: 9007199254740991,
      Ratio: -0.25,
    });
    expect(error(synthetic, 'Put', 'Big=9007199254740993').code).toBe('InvalidParameterValue');
    expect(error(synthetic, 'Put', 'Ratio=abc').code).toBe('InvalidParameterValue');
  });

  it('validates map keys and sizes and blob lengths in AWS’s words', () => {
    expect(
      error(synthetic, 'Put', 'Attributes.entry.1.key=long&Attributes.entry.1.value=x&Data=AQIDBAU%3D')
        .message,
    ).toBe(
      '2 validation errors detected: ' +
        "Value '{long=x}' at 'attributes' failed to satisfy constraint: Map keys must satisfy constraint: " +
        '[Member must have length less than or equal to 3, Member must have length greater than or equal to 1]; ' +
        "Value 'AQIDBAU=' at 'data' failed to satisfy constraint: Member must have length less than or equal to 4",
    );
  });
});

describe('decodeInput: validation, in AWS’s words', () => {
  it('reports a pattern failure', () => {
    expect(error(iam, 'CreateUser', { UserName: 'bad name!' })).toEqual({
      code: 'ValidationError',
      message:
        "1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\w+=,.@-]+',
    });
  });

  it('reports a missing required member as null', () => {
    expect(error(iam, 'CreateUser', {}).message).toBe(
      "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('reports lengths', () => {
    expect(error(iam, 'CreateUser', { UserName: 'a'.repeat(65) }).message).toBe(
      `1 validation error detected: Value '${'a'.repeat(65)}' at 'userName' failed to satisfy constraint: ` +
        'Member must have length less than or equal to 64',
    );
    expect(error(iam, 'ListUsers', { Marker: '' }).message).toBe(
      "2 validation errors detected: Value '' at 'marker' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\u0020-\\u00FF]+; ' +
        "Value '' at 'marker' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('reports numeric ranges', () => {
    expect(error(iam, 'ListUsers', { MaxItems: '1001' }).message).toBe(
      "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: " +
        'Member must have value less than or equal to 1000',
    );
    expect(error(iam, 'ListUsers', { MaxItems: '0' }).message).toBe(
      "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: " +
        'Member must have value greater than or equal to 1',
    );
  });

  it('reports enums', () => {
    expect(
      error(iam, 'UpdateAccessKey', { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Enabled' }).message,
    ).toBe(
      "1 validation error detected: Value 'Enabled' at 'status' failed to satisfy constraint: " +
        'Member must satisfy enum value set: [Active, Inactive, Expired]',
    );
  });

  it('names nested members tags.N.member.key, as AWS does', () => {
    expect(
      error(iam, 'CreateUser', {
        UserName: 'bob',
        'Tags.member.1.Key': 'ok',
        'Tags.member.1.Value': 'ok',
        'Tags.member.2.Key': 'team',
        'Tags.member.2.Value': 'MOJ D&T',
      }).message,
    ).toBe(
      "1 validation error detected: Value 'MOJ D&T' at 'tags.2.member.value' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
    );
    expect(error(iam, 'CreateUser', { UserName: 'bob', 'Tags.member.1.Key': 'team' }).message).toBe(
      "1 validation error detected: Value null at 'tags.1.member.value' failed to satisfy constraint: " +
        'Member must not be null',
    );
  });

  it('reports several errors at once, joined with "; ", in member order', () => {
    expect(
      error(sts, 'AssumeRole', { RoleArn: '', RoleSessionName: 'x', DurationSeconds: '60' }).message,
    ).toBe(
      '4 validation errors detected: ' +
        "Value '' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
        '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+; ' +
        "Value '' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20; " +
        "Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
        "Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
  });

  it('reports list lengths with the list printed as Java prints it', () => {
    const query: Record<string, string> = { UserName: 'bob' };
    for (let i = 1; i <= 51; i++) query[`TagKeys.member.${i}`] = `k${i}`;
    const message = error(iam, 'UntagUser', query).message;
    expect(message).toMatch(
      /^1 validation error detected: Value '\[k1, k2, k3, .*, k51\]' at 'tagKeys' failed/,
    );
    expect(message).toMatch(
      /failed to satisfy constraint: Member must have length less than or equal to 50$/,
    );
  });

  it('checks the elements of a list of strings together, listing every constraint of the element', () => {
    expect(
      error(iam, 'UntagUser', { UserName: 'bob', 'TagKeys.member.1': 'ok', 'TagKeys.member.2': 'no!' })
        .message,
    ).toBe(
      "1 validation error detected: Value '[ok, no!]' at 'tagKeys' failed to satisfy constraint: " +
        'Member must satisfy constraint: [Member must have length less than or equal to 128, ' +
        'Member must have length greater than or equal to 1, ' +
        'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+]',
    );
  });

  it('leaves sensitive values out of its messages', () => {
    const message = error(iam, 'ChangePassword', {
      OldPassword: 'hunter2',
      NewPassword: 'x'.repeat(129),
    }).message;
    expect(message).toBe(
      "1 validation error detected: Value at 'newPassword' failed to satisfy constraint: " +
        'Member must have length less than or equal to 128',
    );
    expect(message).not.toContain('xxx');
  });

  it('accepts what satisfies every constraint', () => {
    expect(
      decode(sts, 'AssumeRole', {
        RoleArn: 'arn:aws:iam::123456789012:role/admin',
        RoleSessionName: 'alice@example.com',
        DurationSeconds: '3600',
        'Tags.member.1.Key': 'Project',
        'Tags.member.1.Value': 'Unicorn',
      }).ok,
    ).toBe(true);
  });
});

describe('decodeInput: the EC2 protocol', () => {
  const ec2 = loadModel('ec2');

  it('names parameters by their capitalized locationName and flattens every list', () => {
    expect(
      input(
        ec2,
        'DescribeInstances',
        'Action=DescribeInstances&Filter.1.Name=instance-state-name&Filter.1.Value.1=running&Filter.1.Value.2=stopped' +
          '&InstanceId.1=i-1234567890abcdef0&DryRun=false&MaxResults=5',
      ),
    ).toEqual({
      Filters: [{ Name: 'instance-state-name', Values: ['running', 'stopped'] }],
      InstanceIds: ['i-1234567890abcdef0'],
      DryRun: false,
      MaxResults: 5,
    });
    expect(input(ec2, 'CreateTags', 'ResourceId.1=i-1&Tag.1.Key=Name&Tag.1.Value=web')).toEqual({
      Resources: ['i-1'],
      Tags: [{ Key: 'Name', Value: 'web' }],
    });
  });
});
