import { useMemo, useState } from 'preact/hooks';
import { call } from '../api.js';
import { PolicyEditor } from '../components/policy-editor.js';
import {
  Alert,
  Badge,
  Button,
  ConfirmModal,
  Empty,
  ErrorAlert,
  Field,
  formatDate,
  Loading,
  PageHeader,
  Panel,
} from '../components/ui.js';
import { useAction, useLoad } from '../hooks.js';
import { href, navigate } from '../router.js';
import { listPolicies, type ManagedPolicy } from '../iam-data.js';

/** Managed policies: the account's own and AWS's (browsable), a policy's document, and creating one in the editor. */

const NEW_POLICY = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Statement1",
            "Effect": "Allow",
            "Action": [],
            "Resource": []
        }
    ]
}
`;

function CreatePolicy() {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [document, setDocument] = useState(NEW_POLICY);
  const action = useAction();
  const create = async (event: Event) => {
    event.preventDefault();
    const output = await action.run(() =>
      call<{ Policy: ManagedPolicy }>('iam', 'CreatePolicy', {
        PolicyName: name,
        PolicyDocument: document,
        Description: description || undefined,
      }),
    );
    if (output) navigate(`/iam/policies/view?arn=${encodeURIComponent(output.Policy.Arn)}`);
  };
  return (
    <div class="page">
      <PageHeader
        title="Create policy"
        description="Write the policy in JSON, validate it, then create it."
      />
      <form class="form" onSubmit={create}>
        {action.error !== undefined && <ErrorAlert error={action.error} />}
        <Panel title="Policy editor">
          <PolicyEditor value={document} onChange={setDocument} />
        </Panel>
        <Panel title="Policy details">
          <div class="form-grid">
            <Field label="Policy name" hint="Up to 128 characters: letters, numbers and + = , . @ - _">
              <input
                name="policyName"
                value={name}
                onInput={(e) => setName(e.currentTarget.value)}
                required
                maxLength={128}
              />
            </Field>
            <Field label="Description (optional)">
              <input
                name="description"
                value={description}
                onInput={(e) => setDescription(e.currentTarget.value)}
                maxLength={1000}
              />
            </Field>
          </div>
        </Panel>
        <div class="form-actions">
          <Button variant="link" onClick={() => navigate('/iam/policies')}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={action.busy}>
            Create policy
          </Button>
        </div>
      </form>
    </div>
  );
}

function ViewPolicy({ arn }: { readonly arn: string }) {
  const policy = useLoad(async () => {
    const { Policy } = await call<{ Policy: ManagedPolicy }>('iam', 'GetPolicy', { PolicyArn: arn });
    const { PolicyVersion } = await call<{ PolicyVersion: { Document: string } }>('iam', 'GetPolicyVersion', {
      PolicyArn: arn,
      VersionId: Policy.DefaultVersionId,
    });
    let document = PolicyVersion.Document;
    try {
      document = JSON.stringify(JSON.parse(document), null, 4);
    } catch {
      // Shown as stored when it is not JSON the browser reads.
    }
    return { policy: Policy, document };
  }, [arn]);
  const data = policy.data;
  const aws = arn.startsWith('arn:aws:iam::aws:');
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [deleting, setDeleting] = useState(false);
  const action = useAction();
  const save = async () => {
    if (editing === undefined) return;
    const done = await action.run(() =>
      call('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: editing, SetAsDefault: true }),
    );
    if (done) {
      setEditing(undefined);
      policy.reload();
    }
  };
  // As the AWS console does: detach it everywhere and drop its old versions, then delete it.
  const remove = async () => {
    setDeleting(false);
    const done = await action.run(async () => {
      const entities = await call<{
        PolicyUsers?: { UserName: string }[];
        PolicyGroups?: { GroupName: string }[];
        PolicyRoles?: { RoleName: string }[];
      }>('iam', 'ListEntitiesForPolicy', { PolicyArn: arn });
      for (const u of entities.PolicyUsers ?? [])
        await call('iam', 'DetachUserPolicy', { UserName: u.UserName, PolicyArn: arn });
      for (const g of entities.PolicyGroups ?? [])
        await call('iam', 'DetachGroupPolicy', { GroupName: g.GroupName, PolicyArn: arn });
      for (const r of entities.PolicyRoles ?? [])
        await call('iam', 'DetachRolePolicy', { RoleName: r.RoleName, PolicyArn: arn });
      const { Versions } = await call<{ Versions: { VersionId: string; IsDefaultVersion: boolean }[] }>(
        'iam',
        'ListPolicyVersions',
        {
          PolicyArn: arn,
        },
      );
      for (const v of Versions.filter((v) => !v.IsDefaultVersion))
        await call('iam', 'DeletePolicyVersion', { PolicyArn: arn, VersionId: v.VersionId });
      await call('iam', 'DeletePolicy', { PolicyArn: arn });
      return true;
    });
    if (done) navigate('/iam/policies');
  };
  return (
    <div class="page">
      <PageHeader
        title={data?.policy.PolicyName ?? 'Policy'}
        description={<span class="mono">{arn}</span>}
        actions={
          <>
            <Button onClick={() => navigate('/iam/policies')}>Back to policies</Button>
            {data && !aws && (
              <>
                <Button onClick={() => setEditing(data.document)}>Edit</Button>
                <Button variant="danger" onClick={() => setDeleting(true)}>
                  Delete
                </Button>
              </>
            )}
          </>
        }
      />
      {action.error !== undefined && <ErrorAlert error={action.error} onDismiss={action.clear} />}
      {policy.loading && !data && <Loading />}
      {policy.error !== undefined && <ErrorAlert error={policy.error} />}
      {data && (
        <>
          <Panel title="Policy details">
            <dl class="summary">
              <div>
                <dt>Type</dt>
                <dd>{arn.startsWith('arn:aws:iam::aws:') ? 'AWS managed' : 'Customer managed'}</dd>
              </div>
              <div>
                <dt>Default version</dt>
                <dd>{data.policy.DefaultVersionId}</dd>
              </div>
              <div>
                <dt>Attached entities</dt>
                <dd>{data.policy.AttachmentCount ?? 0}</dd>
              </div>
              <div>
                <dt>Edited</dt>
                <dd>{formatDate(data.policy.UpdateDate)}</dd>
              </div>
            </dl>
            {data.policy.Description && <p class="muted">{data.policy.Description}</p>}
          </Panel>
          {editing === undefined ? (
            <Panel title="Permissions defined in this policy">
              <pre class="code-block">{data.document}</pre>
            </Panel>
          ) : (
            <Panel
              title="Edit policy"
              description="Saving creates a new version and makes it the default; a policy keeps at most five versions."
              actions={
                <>
                  <Button variant="link" onClick={() => setEditing(undefined)}>
                    Cancel
                  </Button>
                  <Button variant="primary" busy={action.busy} onClick={save}>
                    Save changes
                  </Button>
                </>
              }
            >
              <PolicyEditor value={editing} onChange={setEditing} />
            </Panel>
          )}
        </>
      )}
      {deleting && (
        <ConfirmModal
          title="Delete policy?"
          confirmLabel="Delete"
          onConfirm={remove}
          onClose={() => setDeleting(false)}
        >
          <p>
            The policy is detached from every user, group and role that has it, then deleted with all its
            versions. This cannot be undone.
          </p>
        </ConfirmModal>
      )}
    </div>
  );
}

function PolicyList() {
  const [scope, setScope] = useState<'Local' | 'AWS'>('Local');
  const [filter, setFilter] = useState('');
  const policies = useLoad(() => listPolicies(scope), [scope]);
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (policies.data ?? []).filter((p) => !needle || p.PolicyName.toLowerCase().includes(needle));
  }, [policies.data, filter]);
  const LIMIT = 200;
  return (
    <div class="page">
      <PageHeader
        title="Policies"
        description="A policy is an object that defines permissions. Attach it to users, groups or roles."
        actions={
          <Button variant="primary" onClick={() => navigate('/iam/policies/create')}>
            Create policy
          </Button>
        }
      />
      <Panel
        title={scope === 'Local' ? 'Customer managed policies' : 'AWS managed policies'}
        count={policies.data ? shown.length : undefined}
        actions={
          <div class="segmented" role="tablist">
            <button
              type="button"
              role="tab"
              aria-selected={scope === 'Local'}
              class={scope === 'Local' ? 'active' : ''}
              onClick={() => setScope('Local')}
            >
              Customer managed
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={scope === 'AWS'}
              class={scope === 'AWS' ? 'active' : ''}
              onClick={() => setScope('AWS')}
            >
              AWS managed
            </button>
          </div>
        }
      >
        <input
          class="search"
          type="search"
          placeholder="Filter policies by name"
          aria-label="Filter policies"
          value={filter}
          onInput={(e) => setFilter(e.currentTarget.value)}
        />
        {policies.loading && !policies.data ? (
          <Loading />
        ) : policies.error !== undefined ? (
          <ErrorAlert error={policies.error} />
        ) : shown.length === 0 ? (
          <Empty>{scope === 'Local' ? 'No customer managed policies yet.' : 'No policy matches.'}</Empty>
        ) : (
          <>
            <table class="table">
              <thead>
                <tr>
                  <th>Policy name</th>
                  <th>Type</th>
                  <th>Attached entities</th>
                  <th>{scope === 'Local' ? 'Created' : 'Updated'}</th>
                </tr>
              </thead>
              <tbody>
                {shown.slice(0, LIMIT).map((policy) => (
                  <tr key={policy.Arn}>
                    <td>
                      <a {...href(`/iam/policies/view?arn=${encodeURIComponent(policy.Arn)}`)}>
                        {policy.PolicyName}
                      </a>
                    </td>
                    <td>
                      <Badge kind={scope === 'AWS' ? 'amber' : 'blue'}>
                        {scope === 'AWS' ? 'AWS managed' : 'Customer managed'}
                      </Badge>
                    </td>
                    <td>{policy.AttachmentCount ?? 0}</td>
                    <td>{formatDate(scope === 'Local' ? policy.CreateDate : policy.UpdateDate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {shown.length > LIMIT && (
              <Alert kind="info">
                Showing {LIMIT} of {shown.length}. Type in the filter to narrow the list.
              </Alert>
            )}
          </>
        )}
      </Panel>
    </div>
  );
}

export function IamPolicies({ path }: { readonly path: string }) {
  if (path === '/iam/policies/create') return <CreatePolicy />;
  if (path === '/iam/policies/view') {
    const arn = new URLSearchParams(window.location.search).get('arn') ?? '';
    return <ViewPolicy arn={arn} />;
  }
  return <PolicyList />;
}
