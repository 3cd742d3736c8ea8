import { useState } from 'preact/hooks';
import { call, type SessionInfo } from '../api.js';
import {
  Alert,
  Badge,
  Button,
  ConfirmModal,
  Empty,
  ErrorAlert,
  formatDate,
  FormModal,
  Loading,
  PageHeader,
  Panel,
  PasswordField,
} from '../components/ui.js';
import { useAction, useLoad } from '../hooks.js';
import { AccessKeys } from './access-keys.js';
import { AssignMfaWizard, ResyncMfaModal } from './mfa-wizard.js';
import { OtherCredentials } from './other-credentials.js';
import { PasswordRules } from './password-rules.js';

/** "My security credentials": the signed-in user's password, MFA devices and keys. */

interface MfaDevice {
  readonly SerialNumber: string;
  readonly EnableDate?: string;
}

type MfaDeviceType = 'Virtual' | 'SMS' | 'Hardware';

/** A device's type, by its serial number: a hardware token's is not an ARN. */
function mfaDeviceType(serialNumber: string): MfaDeviceType {
  if (!serialNumber.startsWith('arn:')) return 'Hardware';
  return serialNumber.includes(':sms-mfa/') ? 'SMS' : 'Virtual';
}

function ChangePasswordModal({
  onClose,
  onDone,
}: {
  readonly onClose: () => void;
  readonly onDone: () => void;
}) {
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const action = useAction();
  const mismatch = confirm !== '' && confirm !== newPassword;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (mismatch) return;
    if (
      await action.run(() =>
        call('iam', 'ChangePassword', { OldPassword: oldPassword, NewPassword: newPassword }),
      )
    )
      onDone();
  };
  return (
    <FormModal
      id="password-form"
      title="Change console password"
      submitLabel="Change password"
      busy={action.busy}
      disabled={mismatch}
      error={action.error}
      onSubmit={submit}
      onClose={onClose}
    >
      <PasswordRules />
      <PasswordField
        label="Current password"
        name="oldPassword"
        value={oldPassword}
        onInput={setOld}
        autoComplete="current-password"
      />
      <PasswordField
        label="New password"
        name="newPassword"
        value={newPassword}
        onInput={setNew}
        autoComplete="new-password"
      />
      <PasswordField
        label="Confirm new password"
        name="confirmPassword"
        value={confirm}
        onInput={setConfirm}
        autoComplete="new-password"
        error={mismatch ? 'The passwords do not match.' : undefined}
      />
    </FormModal>
  );
}

function MfaDevices({ userName }: { readonly userName: string }) {
  const devices = useLoad(() =>
    call<{ MFADevices: MfaDevice[] }>('iam', 'ListMFADevices', { UserName: userName }),
  );
  const [assigning, setAssigning] = useState(false);
  const [resyncing, setResyncing] = useState<string | undefined>(undefined);
  const [removing, setRemoving] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState('');
  const action = useAction();
  const list = devices.data?.MFADevices ?? [];

  const remove = async (serial: string) => {
    setRemoving(undefined);
    const done = await action.run(async () => {
      await call('iam', 'DeactivateMFADevice', { UserName: userName, SerialNumber: serial });
      // Deactivating an SMS device removes it; a hardware token stays the account's.
      if (mfaDeviceType(serial) === 'Virtual')
        await call('iam', 'DeleteVirtualMFADevice', { SerialNumber: serial }).catch(() => undefined);
      return true;
    });
    if (done) {
      setNotice('The MFA device was removed.');
      devices.reload();
    }
  };

  return (
    <Panel
      title="Multi-factor authentication (MFA)"
      count={devices.data ? list.length : undefined}
      description="Use MFA to increase the security of your account. You need a code from an assigned device to sign in."
      actions={
        <Button variant="primary" onClick={() => setAssigning(true)}>
          Assign MFA device
        </Button>
      }
    >
      {notice && (
        <Alert kind="success" onDismiss={() => setNotice('')}>
          {notice}
        </Alert>
      )}
      {action.error !== undefined && <ErrorAlert error={action.error} onDismiss={action.clear} />}
      {devices.loading && !devices.data ? (
        <Loading />
      ) : devices.error !== undefined ? (
        <ErrorAlert error={devices.error} />
      ) : list.length === 0 ? (
        <Empty>No MFA devices. Assign one to improve the security of your account.</Empty>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>Identifier</th>
              <th>Type</th>
              <th>Assigned</th>
              <th class="actions">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((device) => {
              const type = mfaDeviceType(device.SerialNumber);
              return (
                <tr key={device.SerialNumber}>
                  <td class="mono">{device.SerialNumber}</td>
                  <td>{type}</td>
                  <td>{formatDate(device.EnableDate)}</td>
                  <td class="actions">
                    {/* A texted code cannot drift: only a TOTP device is resynced. */}
                    {type !== 'SMS' && (
                      <Button variant="link" onClick={() => setResyncing(device.SerialNumber)}>
                        Resync
                      </Button>
                    )}
                    <Button variant="link" onClick={() => setRemoving(device.SerialNumber)}>
                      Remove
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {assigning && (
        <AssignMfaWizard
          userName={userName}
          onClose={() => setAssigning(false)}
          onAssigned={() => {
            setAssigning(false);
            setNotice('MFA device assigned. Sign out and sign in again with a code to use it.');
            devices.reload();
          }}
        />
      )}
      {resyncing && (
        <ResyncMfaModal
          userName={userName}
          serialNumber={resyncing}
          onClose={() => setResyncing(undefined)}
          onDone={() => {
            setResyncing(undefined);
            setNotice('The MFA device was resynchronized.');
          }}
        />
      )}
      {removing && (
        <ConfirmModal
          title="Remove MFA device?"
          confirmLabel="Remove"
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(undefined)}
        >
          <p>
            After removing <span class="mono">{removing}</span>, you can no longer sign in with its codes.
          </p>
        </ConfirmModal>
      )}
    </Panel>
  );
}

export function SecurityCredentials({ session }: { readonly session: SessionInfo }) {
  const user = session.user;
  const [changing, setChanging] = useState(false);
  const [changed, setChanged] = useState(false);
  if (!user) return null;
  return (
    <div class="page">
      <PageHeader
        title="My security credentials"
        description="Manage the credentials you use to sign in and to call the APIs."
      />
      <Panel title="Summary">
        <dl class="summary">
          <div>
            <dt>User name</dt>
            <dd>{user.userName}</dd>
          </div>
          <div>
            <dt>ARN</dt>
            <dd class="mono">{user.arn}</dd>
          </div>
          <div>
            <dt>Account</dt>
            <dd>{user.accountAlias ? `${user.accountAlias} (${user.accountId})` : user.accountId}</dd>
          </div>
          <div>
            <dt>This session</dt>
            <dd>
              {session.mfaAuthenticated ? (
                <Badge kind="green">Signed in with MFA</Badge>
              ) : (
                <Badge kind="amber">Signed in without MFA</Badge>
              )}
            </dd>
          </div>
        </dl>
      </Panel>
      <Panel
        title="Console password"
        actions={<Button onClick={() => setChanging(true)}>Change password</Button>}
      >
        {changed ? (
          <Alert kind="success" onDismiss={() => setChanged(false)}>
            Your password was changed.
          </Alert>
        ) : (
          <p class="muted">Your password lets you sign in to this console.</p>
        )}
      </Panel>
      {changing && (
        <ChangePasswordModal
          onClose={() => setChanging(false)}
          onDone={() => {
            setChanging(false);
            setChanged(true);
          }}
        />
      )}
      <MfaDevices userName={user.userName} />
      <AccessKeys userName={user.userName} />
      <OtherCredentials userName={user.userName} />
    </div>
  );
}
