import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  DescribeTagsCommand,
  RebootInstancesCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsFailure } from '../support/aws-errors.js';
import { ec2Client } from '../support/ec2.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** EC2 through @aws-sdk/client-ec2, as the administrator: every operation, its errors, its states. */

const AMI = 'ami-0abcdef1234567890';

async function settle(): Promise<void> {
  // Transitions (pending, stopping, shutting-down) last TRANSITION_MS (1.5 s).
  await new Promise((resolve) => setTimeout(resolve, 1600));
}

describe('EC2 over the SDK', () => {
  let t: TestServer;
  let ec2: EC2Client;

  beforeAll(async () => {
    t = await startTestServer();
    ec2 = ec2Client(t);
  });
  afterAll(() => t.close());

  async function launch(count = 1, tags: Record<string, string> = {}): Promise<Instance[]> {
    const tagList = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    const reservation = await ec2.send(
      new RunInstancesCommand({
        ImageId: AMI,
        InstanceType: 't3.micro',
        MinCount: count,
        MaxCount: count,
        ...(tagList.length > 0 && { TagSpecifications: [{ ResourceType: 'instance', Tags: tagList }] }),
      }),
    );
    return reservation.Instances ?? [];
  }

  async function describe1(id: string): Promise<Instance | undefined> {
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    return Reservations?.[0]?.Instances?.[0];
  }

  it('launches instances in one reservation, pending and then running', async () => {
    const reservation = await ec2.send(
      new RunInstancesCommand({
        ImageId: AMI,
        InstanceType: 't3.micro',
        MinCount: 2,
        MaxCount: 3,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] }],
      }),
    );
    expect(reservation.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(reservation.OwnerId).toBe(t.accountId);
    const instances = reservation.Instances ?? [];
    expect(instances).toHaveLength(3);
    expect(instances.map((i) => i.AmiLaunchIndex)).toEqual([0, 1, 2]);
    for (const instance of instances) {
      expect(instance.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
      expect(instance.State).toEqual({ Code: 0, Name: 'pending' });
      expect(instance.ImageId).toBe(AMI);
      expect(instance.InstanceType).toBe('t3.micro');
      expect(instance.Placement?.AvailabilityZone).toBe('us-east-1a');
      expect(instance.PrivateIpAddress).toMatch(/^172\.31\.\d+\.\d+$/);
      expect(instance.PrivateDnsName).toBe(
        `ip-${instance.PrivateIpAddress?.replaceAll('.', '-')}.ec2.internal`,
      );
      expect(instance.LaunchTime).toBeInstanceOf(Date);
      expect(instance.Tags).toEqual([{ Key: 'Name', Value: 'web' }]);
    }
    await settle();
    const id = instances[0]?.InstanceId ?? '';
    expect((await describe1(id))?.State).toEqual({ Code: 16, Name: 'running' });
  });

  it('stops, starts, reboots and terminates, with the states before and after', async () => {
    const [instance] = await launch();
    const id = instance?.InstanceId ?? '';
    await settle();

    const stopped = await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    expect(stopped.StoppingInstances).toEqual([
      {
        InstanceId: id,
        PreviousState: { Code: 16, Name: 'running' },
        CurrentState: { Code: 64, Name: 'stopping' },
      },
    ]);
    // Starting while still stopping is refused.
    const early = await awsFailure(ec2.send(new StartInstancesCommand({ InstanceIds: [id] })));
    expect(early).toMatchObject({ code: 'IncorrectInstanceState', status: 400 });
    expect(early.message).toBe(`This instance '${id}' is not in a state from which it can be started.`);
    await settle();
    const described = await describe1(id);
    expect(described?.State).toEqual({ Code: 80, Name: 'stopped' });
    expect(described?.StateReason?.Code).toBe('Client.UserInitiatedShutdown');
    expect(described?.StateTransitionReason).toMatch(
      /^User initiated \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\)$/,
    );
    const reboot = await awsFailure(ec2.send(new RebootInstancesCommand({ InstanceIds: [id] })));
    expect(reboot.code).toBe('IncorrectInstanceState');

    const started = await ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    expect(started.StartingInstances?.[0]).toMatchObject({
      PreviousState: { Name: 'stopped' },
      CurrentState: { Code: 0, Name: 'pending' },
    });
    await settle();
    await ec2.send(new RebootInstancesCommand({ InstanceIds: [id] }));

    const terminated = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(terminated.TerminatingInstances?.[0]).toMatchObject({
      PreviousState: { Name: 'running' },
      CurrentState: { Code: 32, Name: 'shutting-down' },
    });
    await settle();
    expect((await describe1(id))?.State).toEqual({ Code: 48, Name: 'terminated' });
    const again = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(again.TerminatingInstances?.[0]).toMatchObject({
      PreviousState: { Name: 'terminated' },
      CurrentState: { Name: 'terminated' },
    });
    const stop = await awsFailure(ec2.send(new StopInstancesCommand({ InstanceIds: [id] })));
    expect(stop.message).toBe(`This instance '${id}' is not in a state from which it can be stopped.`);
  });

  it('answers unknown and malformed instance ids as EC2 does, and changes nothing on a partial miss', async () => {
    const [instance] = await launch();
    const id = instance?.InstanceId ?? '';
    const missing = 'i-0123456789abcdef0';
    expect(await awsFailure(ec2.send(new DescribeInstancesCommand({ InstanceIds: [missing] })))).toEqual({
      code: 'InvalidInstanceID.NotFound',
      status: 400,
      message: `The instance ID '${missing}' does not exist`,
    });
    const two = await awsFailure(
      ec2.send(new DescribeInstancesCommand({ InstanceIds: [missing, 'i-0123456789abcdef1'] })),
    );
    expect(two.message).toBe(`The instance IDs '${missing}, i-0123456789abcdef1' do not exist`);
    expect(await awsFailure(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['web-1'] })))).toEqual({
      code: 'InvalidInstanceID.Malformed',
      status: 400,
      message: 'Invalid id: "web-1"',
    });
    await settle();
    const partial = await awsFailure(ec2.send(new StopInstancesCommand({ InstanceIds: [id, missing] })));
    expect(partial.code).toBe('InvalidInstanceID.NotFound');
    expect((await describe1(id))?.State?.Name).toBe('running');
  });

  it('validates RunInstances', async () => {
    const run = (input: Partial<ConstructorParameters<typeof RunInstancesCommand>[0]>) =>
      awsFailure(ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ...input })));
    expect(await run({})).toEqual({
      code: 'MissingParameter',
      status: 400,
      message: 'The request must contain the parameter ImageId',
    });
    expect((await run({ ImageId: 'ubuntu' })).code).toBe('InvalidAMIID.Malformed');
    expect((await run({ ImageId: AMI, MinCount: 0 })).code).toBe('InvalidParameterValue');
    expect((await run({ ImageId: AMI, MinCount: 3, MaxCount: 2 })).code).toBe('InvalidParameterValue');
    expect((await run({ ImageId: AMI, MinCount: 21, MaxCount: 21 })).code).toBe('InstanceLimitExceeded');
    expect(await run({ ImageId: AMI, Placement: { AvailabilityZone: 'eu-west-1a' } })).toEqual({
      code: 'InvalidParameterValue',
      status: 400,
      message: 'Invalid availability zone: [eu-west-1a]',
    });
    expect(
      (
        await run({
          ImageId: AMI,
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'aws:owner', Value: 'x' }] }],
        })
      ).message,
    ).toContain("Tag keys starting with 'aws:' are reserved for internal use");
  });

  it('filters by id, state, type and tags, with wildcards', async () => {
    const [a] = await launch(1, { Team: 'blue', Env: 'prod' });
    const [b] = await launch(1, { Team: 'green' });
    const ids = (filters: { Name: string; Values: string[] }[]) =>
      ec2
        .send(new DescribeInstancesCommand({ Filters: filters }))
        .then((r) => (r.Reservations ?? []).flatMap((res) => res.Instances ?? []).map((i) => i.InstanceId));
    expect(await ids([{ Name: 'tag:Team', Values: ['blue'] }])).toEqual([a?.InstanceId]);
    expect(await ids([{ Name: 'tag:Team', Values: ['gr*'] }])).toEqual([b?.InstanceId]);
    expect(await ids([{ Name: 'tag-key', Values: ['Env'] }])).toEqual([a?.InstanceId]);
    expect(
      await ids([
        { Name: 'tag:Team', Values: ['blue', 'green'] },
        { Name: 'instance-id', Values: [b?.InstanceId ?? ''] },
      ]),
    ).toEqual([b?.InstanceId]);
    expect(
      await ids([
        { Name: 'instance-state-name', Values: ['stopped'] },
        { Name: 'tag:Team', Values: ['*'] },
      ]),
    ).toEqual([]);
    const bad = await awsFailure(
      ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'colour', Values: ['x'] }] })),
    );
    expect(bad).toEqual({
      code: 'InvalidParameterValue',
      status: 400,
      message: "The filter 'colour' is invalid",
    });
  });

  it('pages with MaxResults and NextToken, and refuses bad bounds and tokens', async () => {
    await launch(6, { Paged: 'yes' });
    const filter = [{ Name: 'tag:Paged', Values: ['yes'] }];
    const first = await ec2.send(new DescribeInstancesCommand({ Filters: filter, MaxResults: 5 }));
    const firstIds = (first.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    expect(firstIds).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const second = await ec2.send(
      new DescribeInstancesCommand({ Filters: filter, MaxResults: 5, NextToken: first.NextToken }),
    );
    expect((second.Reservations ?? []).flatMap((r) => r.Instances ?? [])).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    expect((await awsFailure(ec2.send(new DescribeInstancesCommand({ MaxResults: 4 })))).code).toBe(
      'InvalidParameterValue',
    );
    expect(
      await awsFailure(
        ec2.send(new DescribeInstancesCommand({ MaxResults: 5, InstanceIds: ['i-0123456789abcdef0'] })),
      ),
    ).toEqual({
      code: 'InvalidParameterCombination',
      status: 400,
      message: 'The parameter instancesSet cannot be used with the parameter maxResults',
    });
    expect((await awsFailure(ec2.send(new DescribeInstancesCommand({ NextToken: 'garbage' })))).code).toBe(
      'InvalidPaginationToken',
    );
  });

  it('creates, describes and deletes tags', async () => {
    const [instance] = await launch();
    const id = instance?.InstanceId ?? '';
    await ec2.send(
      new CreateTagsCommand({
        Resources: [id],
        Tags: [
          { Key: 'Name', Value: 'db' },
          { Key: 'name', Value: 'case-sensitive' },
          { Key: 'Empty', Value: '' },
        ],
      }),
    );
    const tagsOf = async () =>
      (await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [id] }] }))).Tags;
    expect(await tagsOf()).toEqual([
      { Key: 'Empty', ResourceId: id, ResourceType: 'instance', Value: '' },
      { Key: 'Name', ResourceId: id, ResourceType: 'instance', Value: 'db' },
      { Key: 'name', ResourceId: id, ResourceType: 'instance', Value: 'case-sensitive' },
    ]);
    await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'Name', Value: 'db2' }] }));
    // A value that does not match leaves the tag; a key alone removes it whatever its value.
    await ec2.send(
      new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'Name', Value: 'db' }, { Key: 'name' }] }),
    );
    expect((await tagsOf())?.map((t) => `${t.Key}=${t.Value}`)).toEqual(['Empty=', 'Name=db2']);
    await ec2.send(new DeleteTagsCommand({ Resources: [id] }));
    expect(await tagsOf()).toEqual([]);

    const missing = await awsFailure(
      ec2.send(
        new CreateTagsCommand({ Resources: ['i-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] }),
      ),
    );
    expect(missing.code).toBe('InvalidInstanceID.NotFound');
    const volume = await awsFailure(
      ec2.send(
        new CreateTagsCommand({ Resources: ['vol-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] }),
      ),
    );
    expect(volume).toEqual({
      code: 'InvalidID',
      status: 400,
      message: "The ID 'vol-0123456789abcdef0' is not valid",
    });
    // One key twice in one request is refused (on PostgreSQL it would fail the upsert).
    const twice = await awsFailure(
      ec2.send(
        new CreateTagsCommand({
          Resources: [id],
          Tags: [
            { Key: 'k', Value: '1' },
            { Key: 'k', Value: '2' },
          ],
        }),
      ),
    );
    expect(twice).toEqual({
      code: 'InvalidParameterValue',
      status: 400,
      message: "Duplicate tag key 'k' specified.",
    });
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect((await awsFailure(ec2.send(new CreateTagsCommand({ Resources: [id], Tags: many })))).code).toBe(
      'TagLimitExceeded',
    );
  });

  it('describes regions and availability zones', async () => {
    const { Regions } = await ec2.send(new DescribeRegionsCommand({}));
    expect(Regions?.map((r) => r.RegionName)).toContain('eu-west-1');
    expect(Regions?.find((r) => r.RegionName === 'us-east-1')).toEqual({
      RegionName: 'us-east-1',
      Endpoint: 'ec2.us-east-1.amazonaws.com',
      OptInStatus: 'opt-in-not-required',
    });
    const filtered = await ec2.send(
      new DescribeRegionsCommand({ Filters: [{ Name: 'region-name', Values: ['eu-*'] }] }),
    );
    expect(filtered.Regions?.map((r) => r.RegionName)).toContain('eu-west-1');
    expect(filtered.Regions?.every((r) => r.RegionName?.startsWith('eu-'))).toBe(true);
    const zones = await ec2Client(t, t.admin, 'ap-northeast-1').send(
      new DescribeAvailabilityZonesCommand({}),
    );
    expect(zones.AvailabilityZones?.map((z) => [z.ZoneName, z.ZoneId, z.State])).toEqual([
      ['ap-northeast-1a', 'apne1-az1', 'available'],
      ['ap-northeast-1b', 'apne1-az2', 'available'],
      ['ap-northeast-1c', 'apne1-az3', 'available'],
    ]);
  });

  it('keeps each region’s instances to itself', async () => {
    const west = ec2Client(t, t.admin, 'us-west-2');
    const { Instances } = await west.send(
      new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1 }),
    );
    const id = Instances?.[0]?.InstanceId ?? '';
    expect(Instances?.[0]?.InstanceType).toBe('m1.small');
    expect(Instances?.[0]?.Placement?.AvailabilityZone).toBe('us-west-2a');
    expect((await awsFailure(ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] })))).code).toBe(
      'InvalidInstanceID.NotFound',
    );
    expect(await west.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).toMatchObject({
      Reservations: [{ Instances: [{ InstanceId: id }] }],
    });
  });

  it('answers a dry run that would succeed with DryRunOperation (412) and does nothing', async () => {
    const before = await ec2.send(new DescribeInstancesCommand({}));
    const count = (before.Reservations ?? []).length;
    expect(
      await awsFailure(
        ec2.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, DryRun: true })),
      ),
    ).toEqual({
      code: 'DryRunOperation',
      status: 412,
      message: 'Request would have succeeded, but DryRun flag is set.',
    });
    expect(((await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? []).length).toBe(count);
  });

  it('answers a missing required parameter with MissingParameter, as EC2 has no ValidationError', async () => {
    const signed = await awsFailure(
      ec2.send(new StopInstancesCommand({ InstanceIds: undefined as unknown as string[] })),
    );
    expect(signed.code).toBe('MissingParameter');
    expect(signed.status).toBe(400);
  });

  it('answers a request signed outside the 15-minute window with RequestExpired', async () => {
    for (const offset of [-20 * 60_000, 20 * 60_000]) {
      const skewed = ec2Client(t);
      skewed.config.systemClockOffset = offset;
      expect(await awsFailure(skewed.send(new DescribeInstancesCommand({})))).toEqual({
        code: 'RequestExpired',
        status: 400,
        message: 'Request has expired.',
      });
    }
  });

  it('answers bad credentials with AuthFailure (401)', async () => {
    const unknown = ec2Client(t, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) });
    expect(await awsFailure(unknown.send(new DescribeInstancesCommand({})))).toEqual({
      code: 'AuthFailure',
      status: 401,
      message: 'AWS was not able to validate the provided access credentials',
    });
    const wrongSecret = ec2Client(t, { accessKeyId: t.admin.accessKeyId, secretAccessKey: 'y'.repeat(40) });
    expect((await awsFailure(wrongSecret.send(new DescribeInstancesCommand({})))).code).toBe('AuthFailure');
  });
});
