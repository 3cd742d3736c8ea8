import { useState } from 'preact/hooks';
import { call } from '../api.js';
import { PolicyEditor } from '../components/policy-editor.js';
import { Button, Empty, ErrorAlert, Field, FormModal, Loading } from '../components/ui.js';
import { useAction, useLoad } from '../hooks.js';

/** A user's or group's inline policies: listed, viewed and edited in the policy editor, added, deleted. */

type Holder =
  { readonly kind: 'User'; readonly name: string } | { readonly kind: 'Group'; readonly name: string };

const TEMPLATE = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [],
            "Resource": "*"
        }
    ]
}
`;

function pretty(document: string): string {
  const text = document.startsWith('%7B') ? decodeURIComponent(document) : document;
  try {
    return JSON.stringify(JSON.parse(text), null, 4);
  } catch {
    return text;
  }
}

export function InlinePolicies({ holder }: { readonly holder: Holder }) {
  const key = holder.kind === 'User' ? { UserName: holder.name } : { GroupName: holder.name };
  const names = useLoad(
    () => call<{ PolicyNames: string[] }>('iam', `List${holder.kind}Policies`, key),
    [holder.name],
  );
  const [editing, setEditing] = useState<{ name: string; document: string; isNew: boolean } | undefined>(
    undefined,
  );
  const action = useAction();

  const open = async (policyName: string) => {
    const output = await action.run(() =>
      call<{ PolicyDocument: string }>('iam', `Get${holder.kind}Policy`, { ...key, PolicyName: policyName }),
    );
    if (output) setEditing({ name: policyName, document: pretty(output.PolicyDocument), isNew: false });
  };
  const save = async (event: Event) => {
    event.preventDefault();
    if (!editing) return;
    const done = await action.run(() =>
      call('iam', `Put${holder.kind}Policy`, {
        ...key,
        PolicyName: editing.name,
        PolicyDocument: editing.document,
      }),
    );
    if (done) {
      setEditing(undefined);
      names.reload();
    }
  };
  const remove = async (policyName: string) => {
    if (await action.run(() => call('iam', `Delete${holder.kind}Policy`, { ...key, PolicyName: policyName })))
      names.reload();
  };

  return (
    <div class="inline-policies">
      <div class="subheading-row">
        <h3 class="subheading">Inline policies</h3>
        <Button onClick={() => setEditing({ name: '', document: TEMPLATE, isNew: true })}>
          Add inline policy
        </Button>
      </div>
      {action.error !== undefined && !editing && <ErrorAlert error={action.error} onDismiss={action.clear} />}
      {names.loading && !names.data ? (
        <Loading />
      ) : names.error !== undefined ? (
        <ErrorAlert error={names.error} />
      ) : (names.data?.PolicyNames.length ?? 0) === 0 ? (
        <Empty>No inline policies.</Empty>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>Policy name</th>
              <th class="actions">Actions</th>
            </tr>
          </thead>
          <tbody>
            {names.data?.PolicyNames.map((policyName) => (
              <tr key={policyName}>
                <td>
                  <button type="button" class="linklike" onClick={() => open(policyName)}>
                    {policyName}
                  </button>
                </td>
                <td class="actions">
                  <Button variant="link" onClick={() => open(policyName)}>
                    Edit
                  </Button>
                  <Button variant="link" onClick={() => remove(policyName)}>
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <FormModal
          id="inline-policy-form"
          title={editing.isNew ? `Add inline policy to ${holder.name}` : `Edit ${editing.name}`}
          submitLabel="Save"
          busy={action.busy}
          error={action.error}
          onSubmit={save}
          onClose={() => setEditing(undefined)}
          wide
        >
          {editing.isNew && (
            <Field label="Inline policy name">
              <input
                name="inlinePolicyName"
                value={editing.name}
                onInput={(e) => setEditing({ ...editing, name: e.currentTarget.value })}
                required
                maxLength={128}
              />
            </Field>
          )}
          <PolicyEditor
            value={editing.document}
            onChange={(document) => setEditing({ ...editing, document })}
          />
        </FormModal>
      )}
    </div>
  );
}
