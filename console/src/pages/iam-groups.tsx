import { useState } from 'preact/hooks';
import { call } from '../api.js';
import { AttachPoliciesModal, PolicyPicker } from '../components/policy-picker.js';
import {
  Button,
  ConfirmModal,
  Empty,
  ErrorAlert,
  Field,
  formatDate,
  FormModal,
  ListPanel,
  Loading,
  PageHeader,
  Panel,
} from '../components/ui.js';
import { useAction, useLoad } from '../hooks.js';
import {
  deleteGroupCompletely,
  listGroups,
  type AttachedPolicy,
  type IamGroup,
  type IamUser,
} from '../iam-data.js';
import { href, navigate } from '../router.js';
import { InlinePolicies } from './inline-policies.js';

/** User groups: the list, creating one with its policies, and a group's members and policies. */

function CreateGroupModal({
  onClose,
  onCreated,
}: {
  readonly onClose: () => void;
  readonly onCreated: (name: string) => void;
}) {
  const [name, setName] = useState('');
  const [policies, setPolicies] = useState<string[]>([]);
  const action = useAction();
  const create = async (event: Event) => {
    event.preventDefault();
    const done = await action.run(async () => {
      await call('iam', 'CreateGroup', { GroupName: name });
      for (const arn of policies) await call('iam', 'AttachGroupPolicy', { GroupName: name, PolicyArn: arn });
      return true;
    });
    if (done) onCreated(name);
  };
  return (
    <FormModal
      id="create-group-form"
      title="Create user group"
      submitLabel="Create group"
      busy={action.busy}
      error={action.error}
      onSubmit={create}
      onClose={onClose}
      wide
    >
      <Field label="User group name" hint="Up to 128 characters: letters, numbers and + = , . @ - _">
        <input
          name="groupName"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          required
          maxLength={128}
          autoFocus
        />
      </Field>
      <fieldset class="choice">
        <legend>Attach permissions policies</legend>
        <PolicyPicker selected={policies} onChange={setPolicies} />
      </fieldset>
    </FormModal>
  );
}

function GroupList() {
  const groups = useLoad(listGroups);
  const [creating, setCreating] = useState(false);
  const list = groups.data ?? [];
  return (
    <div class="page">
      <PageHeader
        title="User groups"
        description="A user group is a collection of IAM users; its policies apply to every member."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            Create group
          </Button>
        }
      />
      <ListPanel title="User groups" loaded={groups} count={list.length} empty="No groups.">
        <table class="table">
          <thead>
            <tr>
              <th>Group name</th>
              <th>ARN</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {list.map((group: IamGroup) => (
              <tr key={group.GroupName}>
                <td>
                  <a {...href(`/iam/groups/${encodeURIComponent(group.GroupName)}`)}>{group.GroupName}</a>
                </td>
                <td class="mono small">{group.Arn}</td>
                <td>{formatDate(group.CreateDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ListPanel>
      {creating && (
        <CreateGroupModal
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            navigate(`/iam/groups/${encodeURIComponent(name)}`);
          }}
        />
      )}
    </div>
  );
}

function GroupDetail({ name }: { readonly name: string }) {
  const group = useLoad(
    () => call<{ Group: IamGroup; Users: IamUser[] }>('iam', 'GetGroup', { GroupName: name }),
    [name],
  );
  const policies = useLoad(
    () =>
      call<{ AttachedPolicies: AttachedPolicy[] }>('iam', 'ListAttachedGroupPolicies', { GroupName: name }),
    [name],
  );
  const [adding, setAdding] = useState(false);
  const [attaching, setAttaching] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [userName, setUserName] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const action = useAction();
  const remove = async () => {
    setConfirmDelete(false);
    const done = await action.run(async () => {
      await deleteGroupCompletely(name);
      return true;
    });
    if (done) navigate('/iam/groups');
  };

  const addUser = async (event: Event) => {
    event.preventDefault();
    if (await action.run(() => call('iam', 'AddUserToGroup', { GroupName: name, UserName: userName }))) {
      setAdding(false);
      setUserName('');
      group.reload();
    }
  };
  const attach = async () => {
    const done = await action.run(async () => {
      for (const arn of chosen) await call('iam', 'AttachGroupPolicy', { GroupName: name, PolicyArn: arn });
      return true;
    });
    if (done) {
      setAttaching(false);
      setChosen([]);
      policies.reload();
    }
  };

  return (
    <div class="page">
      <PageHeader
        title={name}
        description={group.data ? <span class="mono">{group.data.Group.Arn}</span> : undefined}
        actions={
          <>
            <Button onClick={() => navigate('/iam/groups')}>Back to groups</Button>
            <Button variant="danger" onClick={() => setConfirmDelete(true)}>
              Delete
            </Button>
          </>
        }
      />
      {action.error !== undefined && !adding && !attaching && (
        <ErrorAlert error={action.error} onDismiss={action.clear} />
      )}
      <Panel
        title="Users in this group"
        count={group.data?.Users.length}
        actions={<Button onClick={() => setAdding(true)}>Add users</Button>}
      >
        {group.loading && !group.data ? (
          <Loading />
        ) : group.error !== undefined ? (
          <ErrorAlert error={group.error} />
        ) : (group.data?.Users.length ?? 0) === 0 ? (
          <Empty>No users in this group.</Empty>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th>User name</th>
                <th class="actions">Actions</th>
              </tr>
            </thead>
            <tbody>
              {group.data?.Users.map((u) => (
                <tr key={u.UserName}>
                  <td>
                    <a {...href(`/iam/users/${encodeURIComponent(u.UserName)}`)}>{u.UserName}</a>
                  </td>
                  <td class="actions">
                    <Button
                      variant="link"
                      onClick={async () => {
                        if (
                          await action.run(() =>
                            call('iam', 'RemoveUserFromGroup', { GroupName: name, UserName: u.UserName }),
                          )
                        )
                          group.reload();
                      }}
                    >
                      Remove
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel
        title="Permissions policies"
        count={policies.data?.AttachedPolicies.length}
        actions={<Button onClick={() => setAttaching(true)}>Attach policies</Button>}
      >
        {policies.loading && !policies.data ? (
          <Loading />
        ) : policies.error !== undefined ? (
          <ErrorAlert error={policies.error} />
        ) : (policies.data?.AttachedPolicies.length ?? 0) === 0 ? (
          <Empty>No policies attached.</Empty>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th>Policy name</th>
                <th>Type</th>
                <th class="actions">Actions</th>
              </tr>
            </thead>
            <tbody>
              {policies.data?.AttachedPolicies.map((p) => (
                <tr key={p.PolicyArn}>
                  <td>
                    <a {...href(`/iam/policies/view?arn=${encodeURIComponent(p.PolicyArn)}`)}>
                      {p.PolicyName}
                    </a>
                  </td>
                  <td>{p.PolicyArn.startsWith('arn:aws:iam::aws:') ? 'AWS managed' : 'Customer managed'}</td>
                  <td class="actions">
                    <Button
                      variant="link"
                      onClick={async () => {
                        if (
                          await action.run(() =>
                            call('iam', 'DetachGroupPolicy', { GroupName: name, PolicyArn: p.PolicyArn }),
                          )
                        )
                          policies.reload();
                      }}
                    >
                      Detach
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <InlinePolicies holder={{ kind: 'Group', name }} />
      </Panel>
      {confirmDelete && (
        <ConfirmModal
          title={`Delete ${name}?`}
          confirmLabel="Delete group"
          onConfirm={remove}
          onClose={() => setConfirmDelete(false)}
        >
          <p>Its members leave it and its policies are detached, then the group is deleted.</p>
        </ConfirmModal>
      )}
      {adding && (
        <FormModal
          id="add-user-form"
          title={`Add user to ${name}`}
          submitLabel="Add user"
          busy={action.busy}
          error={action.error}
          onSubmit={addUser}
          onClose={() => setAdding(false)}
        >
          <Field label="User name">
            <input
              name="userName"
              value={userName}
              onInput={(e) => setUserName(e.currentTarget.value)}
              required
              autoFocus
            />
          </Field>
        </FormModal>
      )}
      {attaching && (
        <AttachPoliciesModal
          name={name}
          selected={chosen}
          onChange={setChosen}
          busy={action.busy}
          onAttach={attach}
          onClose={() => setAttaching(false)}
        >
          {action.error !== undefined && <ErrorAlert error={action.error} />}
        </AttachPoliciesModal>
      )}
    </div>
  );
}

export function IamGroups({ path }: { readonly path: string }) {
  const match = /^\/iam\/groups\/(.+)$/.exec(path);
  if (match?.[1]) return <GroupDetail name={decodeURIComponent(match[1])} />;
  return <GroupList />;
}
