import { describe, expect, it } from 'vitest';
import { encodeOutput, percentEncode } from './encode.js';
import { loadModel } from './model.js';

/*
 * Expected bodies follow the samples of the IAM API Reference (values such as Bob and
 * 7a62c49f-347e-4fc4-9331-6e8eEXAMPLE are theirs), laid out as IAM lays out what it sends: no XML
 * declaration, two-space indentation, a final newline (see the raw bodies quoted in
 * getmoto/moto#8157 and brendanhay/amazonka#102).
 */

const iam = loadModel('iam');
const sts = loadModel('sts');
const requestId = '7a62c49f-347e-4fc4-9331-6e8eEXAMPLE';
const created = new Date('2013-06-20T19:16:50Z');

const bob = {
  Path: '/division_abc/subdivision_xyz/',
  UserName: 'Bob',
  UserId: 'AIDACKCEVSQ6C2EXAMPLE',
  Arn: 'arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob',
  CreateDate: created,
};

const bobXml = [
  '      <Path>/division_abc/subdivision_xyz/</Path>',
  '      <UserName>Bob</UserName>',
  '      <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>',
  '      <Arn>arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob</Arn>',
  '      <CreateDate>2013-06-20T19:16:50Z</CreateDate>',
];

function body(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

describe('encodeOutput', () => {
  it('writes CreateUser', () => {
    expect(encodeOutput(iam, 'CreateUser', { User: bob }, requestId)).toBe(
      body(
        '<CreateUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
        '  <CreateUserResult>',
        '    <User>',
        ...bobXml,
        '    </User>',
        '  </CreateUserResult>',
        '  <ResponseMetadata>',
        `    <RequestId>${requestId}</RequestId>`,
        '  </ResponseMetadata>',
        '</CreateUserResponse>',
      ),
    );
  });

  it('writes GetUser with tags and a permissions boundary, members in the model’s order', () => {
    const user = {
      // Given out of order: the model's order wins.
      Tags: [{ Key: 'Dept', Value: 'Accounting' }],
      PermissionsBoundary: {
        PermissionsBoundaryType: 'Policy',
        PermissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/Boundary',
      },
      PasswordLastUsed: '2014-09-08T21:47:36.123Z',
      ...bob,
    };
    expect(encodeOutput(iam, 'GetUser', { User: user }, requestId)).toBe(
      body(
        '<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
        '  <GetUserResult>',
        '    <User>',
        ...bobXml,
        '      <PasswordLastUsed>2014-09-08T21:47:36Z</PasswordLastUsed>',
        '      <PermissionsBoundary>',
        '        <PermissionsBoundaryType>Policy</PermissionsBoundaryType>',
        '        <PermissionsBoundaryArn>arn:aws:iam::123456789012:policy/Boundary</PermissionsBoundaryArn>',
        '      </PermissionsBoundary>',
        '      <Tags>',
        '        <member>',
        '          <Key>Dept</Key>',
        '          <Value>Accounting</Value>',
        '        </member>',
        '      </Tags>',
        '    </User>',
        '  </GetUserResult>',
        '  <ResponseMetadata>',
        `    <RequestId>${requestId}</RequestId>`,
        '  </ResponseMetadata>',
        '</GetUserResponse>',
      ),
    );
  });

  it('writes ListUsers, truncated, with its Marker', () => {
    const andrew = {
      ...bob,
      UserName: 'Andrew',
      UserId: 'AID2MAB8DPLSRHEXAMPLE',
      Arn: 'arn:aws:iam::123456789012:user/Andrew',
      Path: '/',
    };
    expect(
      encodeOutput(iam, 'ListUsers', { Users: [bob, andrew], IsTruncated: true, Marker: 'AAQ=' }, requestId),
    ).toBe(
      body(
        '<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
        '  <ListUsersResult>',
        '    <Users>',
        '      <member>',
        ...bobXml.map((line) => `  ${line}`),
        '      </member>',
        '      <member>',
        '        <Path>/</Path>',
        '        <UserName>Andrew</UserName>',
        '        <UserId>AID2MAB8DPLSRHEXAMPLE</UserId>',
        '        <Arn>arn:aws:iam::123456789012:user/Andrew</Arn>',
        '        <CreateDate>2013-06-20T19:16:50Z</CreateDate>',
        '      </member>',
        '    </Users>',
        '    <IsTruncated>true</IsTruncated>',
        '    <Marker>AAQ=</Marker>',
        '  </ListUsersResult>',
        '  <ResponseMetadata>',
        `    <RequestId>${requestId}</RequestId>`,
        '  </ResponseMetadata>',
        '</ListUsersResponse>',
      ),
    );
  });

  it('writes an empty list as an empty element', () => {
    expect(encodeOutput(iam, 'ListUsers', { Users: [], IsTruncated: false }, requestId)).toContain(
      '  <ListUsersResult>\n    <Users/>\n    <IsTruncated>false</IsTruncated>\n  </ListUsersResult>\n',
    );
  });

  it('writes GetUserPolicy with the document percent-encoded (RFC 3986), as IAM sends it', () => {
    const document =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
    expect(
      encodeOutput(
        iam,
        'GetUserPolicy',
        { UserName: 'Bob', PolicyName: 'AllAccessPolicy', PolicyDocument: document },
        requestId,
      ),
    ).toBe(
      body(
        '<GetUserPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
        '  <GetUserPolicyResult>',
        '    <UserName>Bob</UserName>',
        '    <PolicyName>AllAccessPolicy</PolicyName>',
        '    <PolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D</PolicyDocument>',
        '  </GetUserPolicyResult>',
        '  <ResponseMetadata>',
        `    <RequestId>${requestId}</RequestId>`,
        '  </ResponseMetadata>',
        '</GetUserPolicyResponse>',
      ),
    );
  });

  it('percent-encodes every policy document member, wherever it sits', () => {
    const role = {
      Path: '/',
      RoleName: 'r',
      RoleId: 'AROADBQP57FF2AEXAMPLE',
      Arn: 'arn:aws:iam::123456789012:role/r',
      CreateDate: created,
      AssumeRolePolicyDocument: '{"a": "b c"}',
    };
    expect(encodeOutput(iam, 'GetRole', { Role: role }, requestId)).toContain(
      '<AssumeRolePolicyDocument>%7B%22a%22%3A%20%22b%20c%22%7D</AssumeRolePolicyDocument>',
    );
    expect(
      encodeOutput(iam, 'GetRole', { Role: { ...role, Description: '{"a": "b"}' } }, requestId),
    ).toContain('<Description>{&quot;a&quot;: &quot;b&quot;}</Description>');
  });

  it('writes CreateAccessKey', () => {
    const key = {
      UserName: 'Bob',
      AccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      Status: 'Active',
      SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
      CreateDate: new Date('2015-03-09T18:39:23.411Z'),
    };
    expect(encodeOutput(iam, 'CreateAccessKey', { AccessKey: key }, requestId)).toBe(
      body(
        '<CreateAccessKeyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
        '  <CreateAccessKeyResult>',
        '    <AccessKey>',
        '      <UserName>Bob</UserName>',
        '      <AccessKeyId>AKIAIOSFODNN7EXAMPLE</AccessKeyId>',
        '      <Status>Active</Status>',
        '      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>',
        '      <CreateDate>2015-03-09T18:39:23Z</CreateDate>',
        '    </AccessKey>',
        '  </CreateAccessKeyResult>',
        '  <ResponseMetadata>',
        `    <RequestId>${requestId}</RequestId>`,
        '  </ResponseMetadata>',
        '</CreateAccessKeyResponse>',
      ),
    );
  });

  it('writes DeleteUser without a Result element', () => {
    expect(encodeOutput(iam, 'DeleteUser', undefined, requestId)).toBe(
      body(
        '<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
        '  <ResponseMetadata>',
        `    <RequestId>${requestId}</RequestId>`,
        '  </ResponseMetadata>',
        '</DeleteUserResponse>',
      ),
    );
  });

  it('writes an empty Result for an output without members (UpdateRole)', () => {
    expect(encodeOutput(iam, 'UpdateRole', undefined, requestId)).toContain(
      '<UpdateRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\n  <UpdateRoleResult/>\n  <ResponseMetadata>',
    );
  });

  it('writes maps as entry/key/value (GetAccountSummary)', () => {
    expect(
      encodeOutput(iam, 'GetAccountSummary', { SummaryMap: { Users: 27, UsersQuota: 5000 } }, requestId),
    ).toContain(
      [
        '    <SummaryMap>',
        '      <entry>',
        '        <key>Users</key>',
        '        <value>27</value>',
        '      </entry>',
        '      <entry>',
        '        <key>UsersQuota</key>',
        '        <value>5000</value>',
        '      </entry>',
        '    </SummaryMap>',
      ].join('\n'),
    );
    expect(
      encodeOutput(iam, 'GetAccountSummary', { SummaryMap: new Map([['Groups', 3]]) }, requestId),
    ).toContain('<key>Groups</key>\n        <value>3</value>');
  });

  it('writes blobs in base64 (GetCredentialReport)', () => {
    const xml = encodeOutput(
      iam,
      'GetCredentialReport',
      { Content: Buffer.from('user,arn\n'), ReportFormat: 'text/csv', GeneratedTime: created },
      requestId,
    );
    expect(xml).toContain('<Content>dXNlcixhcm4K</Content>');
    expect(xml).toContain('<GeneratedTime>2013-06-20T19:16:50Z</GeneratedTime>');
  });

  it('writes STS responses in the STS namespace', () => {
    expect(
      encodeOutput(
        sts,
        'GetCallerIdentity',
        {
          UserId: 'AIDACKCEVSQ6C2EXAMPLE',
          Account: '123456789012',
          Arn: 'arn:aws:iam::123456789012:user/Bob',
        },
        requestId,
      ),
    ).toBe(
      body(
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
        '  <GetCallerIdentityResult>',
        '    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>',
        '    <Account>123456789012</Account>',
        '    <Arn>arn:aws:iam::123456789012:user/Bob</Arn>',
        '  </GetCallerIdentityResult>',
        '  <ResponseMetadata>',
        `    <RequestId>${requestId}</RequestId>`,
        '  </ResponseMetadata>',
        '</GetCallerIdentityResponse>',
      ),
    );
  });

  it('escapes text for XML and leaves out members it does not know', () => {
    const xml = encodeOutput(
      iam,
      'GetUser',
      { User: { ...bob, UserName: 'a<b>&"c"', Colour: 'blue' } },
      requestId,
    );
    expect(xml).toContain('<UserName>a&lt;b&gt;&amp;&quot;c&quot;</UserName>');
    expect(xml).not.toContain('Colour');
  });

  it('refuses values of the wrong type, naming where', () => {
    expect(() =>
      encodeOutput(iam, 'GetUser', { User: { ...bob, CreateDate: 'not a date' } }, requestId),
    ).toThrow('GetUserResponse.User.CreateDate: expected a Date or an ISO 8601 string');
    expect(() => encodeOutput(iam, 'ListUsers', { Users: [{ ...bob, UserName: 7 }] }, requestId)).toThrow(
      'ListUsersResponse.Users[0].UserName: expected a string',
    );
    expect(() => encodeOutput(iam, 'NoSuchOperation', undefined, requestId)).toThrow(/no operation/);
  });
});

describe('percentEncode', () => {
  it('leaves only letters, digits and -._~ as they are', () => {
    expect(percentEncode("A-z_0.9~ !'()*/%é")).toBe('A-z_0.9~%20%21%27%28%29%2A%2F%25%C3%A9');
    expect(decodeURIComponent(percentEncode('{"a": ["*", "(x)"]}'))).toBe('{"a": ["*", "(x)"]}');
  });
});

describe('encodeOutput for EC2', () => {
  const ec2 = loadModel('ec2');

  it('writes the request id first, lists as items, no Result wrapper', () => {
    const xml = encodeOutput(
      ec2,
      'StopInstances',
      {
        StoppingInstances: [
          {
            InstanceId: 'i-1234567890abcdef0',
            CurrentState: { Code: 64, Name: 'stopping' },
            PreviousState: { Code: 16, Name: 'running' },
          },
        ],
      },
      requestId,
    );
    // As the EC2 API Reference's StopInstances example answers.
    expect(xml).toBe(
      body(
        '<StopInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">',
        `  <requestId>${requestId}</requestId>`,
        '  <instancesSet>',
        '    <item>',
        '      <instanceId>i-1234567890abcdef0</instanceId>',
        '      <currentState>',
        '        <code>64</code>',
        '        <name>stopping</name>',
        '      </currentState>',
        '      <previousState>',
        '        <code>16</code>',
        '        <name>running</name>',
        '      </previousState>',
        '    </item>',
        '  </instancesSet>',
        '</StopInstancesResponse>',
      ),
    );
  });

  it('answers an operation without output with <return>true</return>', () => {
    expect(encodeOutput(ec2, 'CreateTags', undefined, requestId)).toBe(
      body(
        '<CreateTagsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">',
        `  <requestId>${requestId}</requestId>`,
        '  <return>true</return>',
        '</CreateTagsResponse>',
      ),
    );
  });
});
