import { useEffect, useState } from 'preact/hooks';
import { call, list, type Params } from '../api.js';
import {
  Badge,
  Button,
  ConfirmModal,
  Empty,
  ErrorAlert,
  Field,
  formatDate,
  FormModal,
  Loading,
  PageHeader,
  Panel,
} from '../components/ui.js';
import { useAction, useLoad } from '../hooks.js';

/** EC2 instances: list, launch, stop, start, terminate, tags. Every action is the EC2 API's, enforced. */

interface Tag {
  readonly Key: string;
  readonly Value: string;
}

interface Instance {
  readonly InstanceId: string;
  readonly ImageId?: string;
  readonly InstanceType?: string;
  readonly State?: { readonly Name?: string };
  readonly LaunchTime?: string;
  readonly Placement?: { readonly AvailabilityZone?: string };
  readonly PrivateIpAddress?: string;
  readonly Tags?: readonly Tag[];
}

const INSTANCE_TYPES = ['t3.micro', 't3.small', 't3.medium', 'm5.large', 'c5.large'];
const DEFAULT_IMAGE = 'ami-0abcdef1234567890';

function nameOf(instance: Instance): string {
  return instance.Tags?.find((t) => t.Key === 'Name')?.Value ?? '';
}

function StateBadge({ state }: { readonly state: string | undefined }) {
  const kind =
    state === 'running' ? 'green' : state === 'stopped' || state === 'terminated' ? 'grey' : 'amber';
  return <Badge kind={kind}>{state ?? 'unknown'}</Badge>;
}

async function describe(): Promise<Instance[]> {
  const output = await call<{ Reservations?: { Instances?: Instance[] }[] }>('ec2', 'DescribeInstances');
  return (output.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

function tagParams(prefix: string, tags: readonly Tag[]): Params {
  return Object.fromEntries(
    tags.flatMap((tag, i) => [
      [`${prefix}.${i + 1}.Key`, tag.Key],
      [`${prefix}.${i + 1}.Value`, tag.Value],
    ]),
  );
}

function LaunchModal({
  onClose,
  onLaunched,
}: {
  readonly onClose: () => void;
  readonly onLaunched: (ids: string[]) => void;
}) {
  const [name, setName] = useState('');
  const [imageId, setImageId] = useState(DEFAULT_IMAGE);
  const [type, setType] = useState(INSTANCE_TYPES[0] ?? 't3.micro');
  const [count, setCount] = useState(1);
  const action = useAction();
  const launch = async (event: Event) => {
    event.preventDefault();
    const tags = name ? [{ Key: 'Name', Value: name }] : [];
    const output = await action.run(() =>
      call<{ Instances?: Instance[] }>('ec2', 'RunInstances', {
        ImageId: imageId,
        InstanceType: type,
        MinCount: count,
        MaxCount: count,
        ...(tags.length > 0 && {
          'TagSpecification.1.ResourceType': 'instance',
          ...tagParams('TagSpecification.1.Tag', tags),
        }),
      }),
    );
    if (output) onLaunched((output.Instances ?? []).map((i) => i.InstanceId));
  };
  return (
    <FormModal
      id="launch-form"
      title="Launch instances"
      submitLabel="Launch instance"
      busy={action.busy}
      error={action.error}
      onSubmit={launch}
      onClose={onClose}
    >
      <Field label="Name" hint="Stored as the instance's Name tag.">
        <input
          name="name"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          placeholder="e.g. web-server"
        />
      </Field>
      <Field label="Amazon Machine Image (AMI) ID">
        <input name="imageId" value={imageId} onInput={(e) => setImageId(e.currentTarget.value)} required />
      </Field>
      <div class="form-grid">
        <Field label="Instance type">
          <select name="instanceType" value={type} onChange={(e) => setType(e.currentTarget.value)}>
            {INSTANCE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Number of instances">
          <input
            name="count"
            type="number"
            min={1}
            max={20}
            value={count}
            onInput={(e) => setCount(Number(e.currentTarget.value) || 1)}
          />
        </Field>
      </div>
    </FormModal>
  );
}

function TagsModal({
  instance,
  onClose,
  onSaved,
}: {
  readonly instance: Instance;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}) {
  const original = instance.Tags ?? [];
  const [tags, setTags] = useState<Tag[]>(original.length > 0 ? [...original] : [{ Key: '', Value: '' }]);
  const action = useAction();
  const update = (i: number, change: Partial<Tag>) =>
    setTags(tags.map((tag, j) => (j === i ? { ...tag, ...change } : tag)));
  const save = async (event: Event) => {
    event.preventDefault();
    const kept = tags.filter((t) => t.Key.trim() !== '');
    const removed = original.filter((o) => !kept.some((k) => k.Key === o.Key));
    const done = await action.run(async () => {
      if (removed.length > 0)
        await call('ec2', 'DeleteTags', {
          'ResourceId.1': instance.InstanceId,
          ...tagParams(
            'Tag',
            removed.map((r) => ({ Key: r.Key, Value: r.Value })),
          ),
        });
      if (kept.length > 0)
        await call('ec2', 'CreateTags', { 'ResourceId.1': instance.InstanceId, ...tagParams('Tag', kept) });
      return true;
    });
    if (done) onSaved();
  };
  return (
    <FormModal
      id="tags-form"
      title={`Manage tags: ${instance.InstanceId}`}
      submitLabel="Save"
      busy={action.busy}
      error={action.error}
      onSubmit={save}
      onClose={onClose}
    >
      <table class="table tags-table">
        <thead>
          <tr>
            <th>Key</th>
            <th>Value</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tags.map((tag, i) => (
            <tr key={i}>
              <td>
                <input
                  aria-label="Tag key"
                  value={tag.Key}
                  onInput={(e) => update(i, { Key: e.currentTarget.value })}
                />
              </td>
              <td>
                <input
                  aria-label="Tag value"
                  value={tag.Value}
                  onInput={(e) => update(i, { Value: e.currentTarget.value })}
                />
              </td>
              <td>
                <Button variant="link" onClick={() => setTags(tags.filter((_, j) => j !== i))}>
                  Remove
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button onClick={() => setTags([...tags, { Key: '', Value: '' }])}>Add tag</Button>
    </FormModal>
  );
}

export function Ec2Instances() {
  const instances = useLoad(describe);
  const [selected, setSelected] = useState<string[]>([]);
  const [launching, setLaunching] = useState(false);
  const [tagging, setTagging] = useState<Instance | undefined>(undefined);
  const [confirmTerminate, setConfirmTerminate] = useState(false);
  const [notice, setNotice] = useState('');
  const action = useAction();

  const all = instances.data ?? [];
  // Instances in transition settle within seconds: refresh until they have.
  const transient = all.some((i) => ['pending', 'stopping', 'shutting-down'].includes(i.State?.Name ?? ''));
  const { reload } = instances;
  useEffect(() => {
    if (!transient) return undefined;
    const timer = setTimeout(reload, 3000);
    return () => clearTimeout(timer);
  }, [transient, instances.data, reload]);
  const chosen = all.filter((i) => selected.includes(i.InstanceId));
  const toggle = (id: string) =>
    setSelected(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]);

  const change = async (
    operation: 'StartInstances' | 'StopInstances' | 'TerminateInstances',
    verb: string,
  ) => {
    const ids = chosen.map((i) => i.InstanceId);
    const done = await action.run(() => call('ec2', operation, list('InstanceId', ids)));
    if (done) {
      setNotice(`${verb} ${ids.join(', ')}.`);
      instances.reload();
    }
  };

  return (
    <div class="page">
      <PageHeader title="Instances" description="Virtual servers in us-east-1." />
      {notice && (
        <div class="alert alert-success" role="status">
          <div class="alert-body">{notice}</div>
          <button type="button" class="alert-close" aria-label="Dismiss" onClick={() => setNotice('')}>
            ×
          </button>
        </div>
      )}
      {action.error !== undefined && <ErrorAlert error={action.error} onDismiss={action.clear} />}
      <Panel
        title="Instances"
        count={instances.data?.length}
        actions={
          <>
            <Button onClick={instances.reload} aria-label="Refresh">
              ↻
            </Button>
            <Button disabled={chosen.length !== 1} onClick={() => setTagging(chosen[0])}>
              Manage tags
            </Button>
            <Button
              disabled={chosen.length === 0}
              busy={action.busy}
              onClick={() => change('StopInstances', 'Stopping')}
            >
              Stop
            </Button>
            <Button
              disabled={chosen.length === 0}
              busy={action.busy}
              onClick={() => change('StartInstances', 'Starting')}
            >
              Start
            </Button>
            <Button variant="danger" disabled={chosen.length === 0} onClick={() => setConfirmTerminate(true)}>
              Terminate
            </Button>
            <Button variant="primary" onClick={() => setLaunching(true)}>
              Launch instances
            </Button>
          </>
        }
      >
        {instances.loading && !instances.data ? (
          <Loading />
        ) : instances.error !== undefined ? (
          <ErrorAlert error={instances.error} />
        ) : all.length === 0 ? (
          <Empty>No instances. Choose “Launch instances” to start one.</Empty>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th class="check" />
                <th>Name</th>
                <th>Instance ID</th>
                <th>State</th>
                <th>Type</th>
                <th>Availability zone</th>
                <th>Private IP</th>
                <th>Launched</th>
              </tr>
            </thead>
            <tbody>
              {all.map((instance) => (
                <tr
                  key={instance.InstanceId}
                  class={selected.includes(instance.InstanceId) ? 'selected' : ''}
                >
                  <td class="check">
                    <input
                      type="checkbox"
                      aria-label={`Select ${instance.InstanceId}`}
                      checked={selected.includes(instance.InstanceId)}
                      onChange={() => toggle(instance.InstanceId)}
                    />
                  </td>
                  <td>{nameOf(instance) || <span class="muted">—</span>}</td>
                  <td class="mono">{instance.InstanceId}</td>
                  <td>
                    <StateBadge state={instance.State?.Name} />
                  </td>
                  <td>{instance.InstanceType}</td>
                  <td>{instance.Placement?.AvailabilityZone}</td>
                  <td class="mono">{instance.PrivateIpAddress}</td>
                  <td>{formatDate(instance.LaunchTime)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      {launching && (
        <LaunchModal
          onClose={() => setLaunching(false)}
          onLaunched={(ids) => {
            setLaunching(false);
            setNotice(`Launched ${ids.join(', ')}.`);
            instances.reload();
          }}
        />
      )}
      {tagging && (
        <TagsModal
          instance={tagging}
          onClose={() => setTagging(undefined)}
          onSaved={() => {
            setTagging(undefined);
            setNotice('Tags saved.');
            instances.reload();
          }}
        />
      )}
      {confirmTerminate && (
        <ConfirmModal
          title="Terminate instances?"
          confirmLabel="Terminate"
          onConfirm={() => {
            setConfirmTerminate(false);
            void change('TerminateInstances', 'Terminating');
          }}
          onClose={() => setConfirmTerminate(false)}
        >
          <p>
            Terminating deletes {chosen.length === 1 ? 'this instance' : `these ${chosen.length} instances`}{' '}
            for good: <span class="mono">{chosen.map((i) => i.InstanceId).join(', ')}</span>.
          </p>
        </ConfirmModal>
      )}
    </div>
  );
}
