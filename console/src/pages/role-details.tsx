import { useState } from 'preact/hooks';
import { call } from '../api.js';
import { AttachPoliciesModal } from '../components/policy-picker.js';
import { Button, ConfirmModal, Empty, ErrorAlert, Loading } from '../components/ui.js';
import { useAction, useLoad } from '../hooks.js';
import type { AttachedPolicy } from '../iam-data.js';
import { href } from '../router.js';

/** What a role's row opens to: its trust policy, its permissions policies, and deleting it. */
export function RoleDetails({
  roleName,
  arn,
  trustPolicy,
  onDeleted,
}: {
  readonly roleName: string;
  readonly arn: string;
  readonly trustPolicy: string;
  readonly onDeleted: () => void;
}) {
  const attached = useLoad(
    () =>
      call<{ AttachedPolicies: AttachedPolicy[] }>('iam', 'ListAttachedRolePolicies', { RoleName: roleName }),
    [roleName],
  );
  const [attaching, setAttaching] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const action = useAction();

  const attach = async () => {
    const done = await action.run(async () => {
      for (const policyArn of chosen)
        await call('iam', 'AttachRolePolicy', { RoleName: roleName, PolicyArn: policyArn });
      return true;
    });
    if (done) {
      setAttaching(false);
      setChosen([]);
      attached.reload();
    }
  };
  const detach = async (policyArn: string) => {
    if (await action.run(() => call('iam', 'DetachRolePolicy', { RoleName: roleName, PolicyArn: policyArn })))
      attached.reload();
  };
  // As the AWS console does: its policies go first, then the role.
  const remove = async () => {
    setConfirmDelete(false);
    const done = await action.run(async () => {
      const { AttachedPolicies } = await call<{ AttachedPolicies: AttachedPolicy[] }>(
        'iam',
        'ListAttachedRolePolicies',
        {
          RoleName: roleName,
        },
      );
      for (const p of AttachedPolicies)
        await call('iam', 'DetachRolePolicy', { RoleName: roleName, PolicyArn: p.PolicyArn });
      const { PolicyNames } = await call<{ PolicyNames: string[] }>('iam', 'ListRolePolicies', {
        RoleName: roleName,
      });
      for (const name of PolicyNames)
        await call('iam', 'DeleteRolePolicy', { RoleName: roleName, PolicyName: name });
      await call('iam', 'DeleteRole', { RoleName: roleName });
      return true;
    });
    if (done) onDeleted();
  };

  return (
    <div class="role-details">
      <div class="muted small mono">{arn}</div>
      {action.error !== undefined && <ErrorAlert error={action.error} onDismiss={action.clear} />}
      <div class="role-columns">
        <div>
          <h3 class="subheading">Trust policy</h3>
          <pre class="code-block">{trustPolicy}</pre>
        </div>
        <div>
          <div class="subheading-row">
            <h3 class="subheading">Permissions policies</h3>
            <Button onClick={() => setAttaching(true)}>Attach policies</Button>
          </div>
          {attached.loading && !attached.data ? (
            <Loading />
          ) : attached.error !== undefined ? (
            <ErrorAlert error={attached.error} />
          ) : (attached.data?.AttachedPolicies.length ?? 0) === 0 ? (
            <Empty>No policies attached: the role can do nothing yet.</Empty>
          ) : (
            <ul class="plain-list">
              {attached.data?.AttachedPolicies.map((p) => (
                <li key={p.PolicyArn}>
                  <a {...href(`/iam/policies/view?arn=${encodeURIComponent(p.PolicyArn)}`)}>{p.PolicyName}</a>
                  <Button variant="link" onClick={() => detach(p.PolicyArn)}>
                    Detach
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <div class="role-delete">
            <Button variant="danger" onClick={() => setConfirmDelete(true)}>
              Delete role
            </Button>
          </div>
        </div>
      </div>
      {attaching && (
        <AttachPoliciesModal
          name={roleName}
          selected={chosen}
          onChange={setChosen}
          busy={action.busy}
          onAttach={attach}
          onClose={() => setAttaching(false)}
        />
      )}
      {confirmDelete && (
        <ConfirmModal
          title={`Delete ${roleName}?`}
          confirmLabel="Delete role"
          onConfirm={remove}
          onClose={() => setConfirmDelete(false)}
        >
          <p>Its policies are detached and the role is deleted; sessions of it already issued run out.</p>
        </ConfirmModal>
      )}
    </div>
  );
}
