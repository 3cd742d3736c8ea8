import { useState } from 'preact/hooks';
import { call } from '../api.js';
import {
  Alert,
  Badge,
  Button,
  ConfirmModal,
  Empty,
  ErrorAlert,
  formatDate,
  Loading,
  Modal,
  Panel,
} from '../components/ui.js';
import { useAction, useLoad } from '../hooks.js';

/** The user's access keys: create (the secret shown once, downloadable as CSV), deactivate, delete. */

interface AccessKey {
  readonly AccessKeyId: string;
  readonly Status: 'Active' | 'Inactive';
  readonly CreateDate?: string;
}

interface NewKey {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
}

/** The CSV the AWS console offers, in its column names. */
function csvUrl(key: NewKey): string {
  const csv = `Access key ID,Secret access key\n${key.AccessKeyId},${key.SecretAccessKey}\n`;
  return URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
}

function NewKeyModal({
  userName,
  created,
  onClose,
}: {
  readonly userName: string;
  readonly created: NewKey;
  readonly onClose: () => void;
}) {
  const [revealed, setRevealed] = useState(false);
  const [url] = useState(() => csvUrl(created));
  const close = () => {
    URL.revokeObjectURL(url);
    onClose();
  };
  return (
    <Modal
      title="Access key created"
      onClose={close}
      footer={
        <Button variant="primary" onClick={close}>
          Done
        </Button>
      }
    >
      <Alert kind="warning" title="This is the only time the secret access key can be viewed or downloaded">
        You cannot recover it later. You can create a new access key at any time.
      </Alert>
      <dl class="key-values">
        <dt>Access key ID</dt>
        <dd class="mono" data-testid="new-access-key-id">
          {created.AccessKeyId}
        </dd>
        <dt>Secret access key</dt>
        <dd class="mono">
          {revealed ? (
            <span data-testid="new-secret-access-key">{created.SecretAccessKey}</span>
          ) : (
            '••••••••••••••••••••••••••••••••••••••••'
          )}{' '}
          <Button variant="link" onClick={() => setRevealed(!revealed)}>
            {revealed ? 'Hide' : 'Show'}
          </Button>
        </dd>
      </dl>
      <a class="btn btn-normal" href={url} download={`${userName}_accessKeys.csv`}>
        Download .csv file
      </a>
    </Modal>
  );
}

export function AccessKeys({ userName }: { readonly userName: string }) {
  const keys = useLoad(() =>
    call<{ AccessKeyMetadata: AccessKey[] }>('iam', 'ListAccessKeys', { UserName: userName }),
  );
  const [created, setCreated] = useState<NewKey | undefined>(undefined);
  const [deleting, setDeleting] = useState<string | undefined>(undefined);
  const action = useAction();

  const create = async () => {
    const output = await action.run(() =>
      call<{ AccessKey: NewKey }>('iam', 'CreateAccessKey', { UserName: userName }),
    );
    if (output) {
      setCreated(output.AccessKey);
      keys.reload();
    }
  };
  const setStatus = async (id: string, status: 'Active' | 'Inactive') => {
    if (
      await action.run(() =>
        call('iam', 'UpdateAccessKey', { UserName: userName, AccessKeyId: id, Status: status }),
      )
    )
      keys.reload();
  };
  const remove = async (id: string) => {
    setDeleting(undefined);
    if (await action.run(() => call('iam', 'DeleteAccessKey', { UserName: userName, AccessKeyId: id })))
      keys.reload();
  };

  const list = keys.data?.AccessKeyMetadata ?? [];
  return (
    <Panel
      title="Access keys"
      count={keys.data ? list.length : undefined}
      description="Use access keys to make programmatic calls with the AWS CLI or SDKs. You can have at most two."
      actions={
        <Button onClick={create} busy={action.busy} disabled={list.length >= 2}>
          Create access key
        </Button>
      }
    >
      {action.error !== undefined && <ErrorAlert error={action.error} onDismiss={action.clear} />}
      {keys.loading && !keys.data ? (
        <Loading />
      ) : keys.error !== undefined ? (
        <ErrorAlert error={keys.error} />
      ) : list.length === 0 ? (
        <Empty>No access keys.</Empty>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>Access key ID</th>
              <th>Status</th>
              <th>Created</th>
              <th class="actions">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((key) => (
              <tr key={key.AccessKeyId}>
                <td class="mono">{key.AccessKeyId}</td>
                <td>
                  <Badge kind={key.Status === 'Active' ? 'green' : 'grey'}>{key.Status}</Badge>
                </td>
                <td>{formatDate(key.CreateDate)}</td>
                <td class="actions">
                  <Button
                    variant="link"
                    onClick={() =>
                      setStatus(key.AccessKeyId, key.Status === 'Active' ? 'Inactive' : 'Active')
                    }
                  >
                    {key.Status === 'Active' ? 'Deactivate' : 'Activate'}
                  </Button>
                  <Button variant="link" onClick={() => setDeleting(key.AccessKeyId)}>
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {created && <NewKeyModal userName={userName} created={created} onClose={() => setCreated(undefined)} />}
      {deleting && (
        <ConfirmModal
          title="Delete access key?"
          confirmLabel="Delete"
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(undefined)}
        >
          <p>
            Applications using <span class="mono">{deleting}</span> will stop working. This cannot be undone.
          </p>
        </ConfirmModal>
      )}
    </Panel>
  );
}
