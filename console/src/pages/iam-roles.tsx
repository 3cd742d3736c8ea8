import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { call } from '../api.js';
import { PolicyEditor } from '../components/policy-editor.js';
import { Button, Field, FormModal, ListPanel, PageHeader, formatDate } from '../components/ui.js';
import { useAction, useLoad } from '../hooks.js';
import { RoleDetails } from './role-details.js';

/** Roles: the list with each role's trust policy, and creating one with a trust policy in the editor. */

interface Role {
  readonly RoleName: string;
  readonly Arn: string;
  readonly CreateDate?: string;
  readonly Description?: string;
  readonly MaxSessionDuration?: number;
  readonly AssumeRolePolicyDocument?: string;
}

function trustPolicy(accountId: string): string {
  return `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": { "AWS": "arn:aws:iam::${accountId}:root" },
            "Action": "sts:AssumeRole",
            "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } }
        }
    ]
}
`;
}

function pretty(document: string | undefined): string {
  if (!document) return '';
  const text = document.startsWith('%7B') ? decodeURIComponent(document) : document;
  try {
    return JSON.stringify(JSON.parse(text), null, 4);
  } catch {
    return text;
  }
}

function CreateRoleModal({
  accountId,
  onClose,
  onCreated,
}: {
  readonly accountId: string;
  readonly onClose: () => void;
  readonly onCreated: () => void;
}) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [document, setDocument] = useState(trustPolicy(accountId));
  const action = useAction();
  const create = async (event: Event) => {
    event.preventDefault();
    if (
      await action.run(() =>
        call('iam', 'CreateRole', {
          RoleName: name,
          AssumeRolePolicyDocument: document,
          Description: description || undefined,
        }),
      )
    )
      onCreated();
  };
  return (
    <FormModal
      id="create-role-form"
      title="Create role"
      submitLabel="Create role"
      busy={action.busy}
      error={action.error}
      onSubmit={create}
      onClose={onClose}
      wide
    >
      <div class="form-grid">
        <Field label="Role name">
          <input
            name="roleName"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            required
            maxLength={64}
          />
        </Field>
        <Field label="Description (optional)">
          <input
            name="description"
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </Field>
      </div>
      <PolicyEditor label="Trust policy" value={document} onChange={setDocument} />
    </FormModal>
  );
}

export function IamRoles({ accountId }: { readonly accountId: string }) {
  const roles = useLoad(() => call<{ Roles: Role[] }>('iam', 'ListRoles', { MaxItems: 1000 }));
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const list = roles.data?.Roles ?? [];
  return (
    <div class="page">
      <PageHeader
        title="Roles"
        description="A role grants temporary credentials to whoever its trust policy lets assume it."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            Create role
          </Button>
        }
      />
      <ListPanel title="Roles" loaded={roles} count={list.length} empty="No roles.">
        <table class="table">
          <thead>
            <tr>
              <th>Role name</th>
              <th>Description</th>
              <th>Max session</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {list.map((role) => (
              <Fragment key={role.RoleName}>
                <tr>
                  <td>
                    <button
                      type="button"
                      class="linklike"
                      onClick={() => setOpen(open === role.RoleName ? undefined : role.RoleName)}
                    >
                      {open === role.RoleName ? '▾' : '▸'} {role.RoleName}
                    </button>
                  </td>
                  <td>{role.Description ?? <span class="muted">—</span>}</td>
                  <td>{role.MaxSessionDuration ? `${role.MaxSessionDuration / 3600} h` : '1 h'}</td>
                  <td>{formatDate(role.CreateDate)}</td>
                </tr>
                {open === role.RoleName && (
                  <tr class="expanded">
                    <td colSpan={4}>
                      <RoleDetails
                        roleName={role.RoleName}
                        arn={role.Arn}
                        trustPolicy={pretty(role.AssumeRolePolicyDocument)}
                        onDeleted={() => {
                          setOpen(undefined);
                          roles.reload();
                        }}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </ListPanel>
      {creating && (
        <CreateRoleModal
          accountId={accountId}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            roles.reload();
          }}
        />
      )}
    </div>
  );
}
