import { useState } from 'preact/hooks';
import { call } from '../api.js';
import {
  Alert,
  Badge,
  Button,
  Empty,
  ErrorAlert,
  Field,
  FormModal,
  Loading,
  Modal,
  Panel,
  formatDate,
} from '../components/ui.js';
import { useAction, useLoad } from '../hooks.js';

/** SSH public keys, service-specific credentials (Git for CodeCommit) and signing certificates (seed 001). */

interface Row {
  readonly id: string;
  readonly label?: string;
  readonly status: 'Active' | 'Inactive';
  readonly date: string | undefined;
}

interface Kind {
  readonly title: string;
  readonly description: string;
  readonly idHeader: string;
  readonly list: (userName: string) => Promise<Row[]>;
  readonly setStatus: (userName: string, id: string, status: string) => Promise<unknown>;
  readonly remove: (userName: string, id: string) => Promise<unknown>;
}

const SSH_KEYS: Kind = {
  title: 'SSH public keys for AWS CodeCommit',
  description:
    'Upload an SSH public key (ssh-rsa, PEM or OpenSSH format) to authenticate to Git repositories.',
  idHeader: 'SSH key ID',
  list: async (userName) =>
    (
      await call<{
        SSHPublicKeys: { SSHPublicKeyId: string; Status: 'Active' | 'Inactive'; UploadDate?: string }[];
      }>('iam', 'ListSSHPublicKeys', { UserName: userName })
    ).SSHPublicKeys.map((k) => ({ id: k.SSHPublicKeyId, status: k.Status, date: k.UploadDate })),
  setStatus: (userName, id, status) =>
    call('iam', 'UpdateSSHPublicKey', { UserName: userName, SSHPublicKeyId: id, Status: status }),
  remove: (userName, id) => call('iam', 'DeleteSSHPublicKey', { UserName: userName, SSHPublicKeyId: id }),
};

const SERVICE_CREDENTIALS: Kind = {
  title: 'HTTPS Git credentials for AWS CodeCommit',
  description: 'A user name and password for HTTPS connections to Git repositories.',
  idHeader: 'User name',
  list: async (userName) =>
    (
      await call<{
        ServiceSpecificCredentials: {
          ServiceSpecificCredentialId: string;
          ServiceUserName: string;
          Status: 'Active' | 'Inactive';
          CreateDate?: string;
        }[];
      }>('iam', 'ListServiceSpecificCredentials', { UserName: userName })
    ).ServiceSpecificCredentials.map((c) => ({
      id: c.ServiceSpecificCredentialId,
      label: c.ServiceUserName,
      status: c.Status,
      date: c.CreateDate,
    })),
  setStatus: (userName, id, status) =>
    call('iam', 'UpdateServiceSpecificCredential', {
      UserName: userName,
      ServiceSpecificCredentialId: id,
      Status: status,
    }),
  remove: (userName, id) =>
    call('iam', 'DeleteServiceSpecificCredential', { UserName: userName, ServiceSpecificCredentialId: id }),
};

const CERTIFICATES: Kind = {
  title: 'X.509 signing certificates',
  description: 'Certificates used to sign requests to some older AWS services.',
  idHeader: 'Certificate ID',
  list: async (userName) =>
    (
      await call<{
        Certificates: { CertificateId: string; Status: 'Active' | 'Inactive'; UploadDate?: string }[];
      }>('iam', 'ListSigningCertificates', { UserName: userName })
    ).Certificates.map((c) => ({ id: c.CertificateId, status: c.Status, date: c.UploadDate })),
  setStatus: (userName, id, status) =>
    call('iam', 'UpdateSigningCertificate', { UserName: userName, CertificateId: id, Status: status }),
  remove: (userName, id) =>
    call('iam', 'DeleteSigningCertificate', { UserName: userName, CertificateId: id }),
};

function UploadModal({
  title,
  label,
  onClose,
  onUpload,
}: {
  title: string;
  label: string;
  onClose: () => void;
  onUpload: (body: string) => Promise<unknown>;
}) {
  const [body, setBody] = useState('');
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    if ((await action.run(() => onUpload(body.trim()))) !== undefined) onClose();
  };
  return (
    <FormModal
      id="upload-form"
      title={title}
      submitLabel="Upload"
      busy={action.busy}
      error={action.error}
      onSubmit={submit}
      onClose={onClose}
    >
      <Field label={label}>
        <textarea
          name="body"
          rows={8}
          class="mono"
          value={body}
          onInput={(e) => setBody(e.currentTarget.value)}
          required
        />
      </Field>
    </FormModal>
  );
}

function CredentialPanel({
  kind,
  userName,
  create,
}: {
  kind: Kind;
  userName: string;
  create: { label: string; run: () => void };
}) {
  const rows = useLoad(() => kind.list(userName));
  const action = useAction();
  const act = async (work: () => Promise<unknown>) => {
    if ((await action.run(work)) !== undefined) rows.reload();
  };
  const list = rows.data ?? [];
  return (
    <Panel
      title={kind.title}
      count={rows.data ? list.length : undefined}
      description={kind.description}
      actions={<Button onClick={create.run}>{create.label}</Button>}
    >
      {action.error !== undefined && <ErrorAlert error={action.error} onDismiss={action.clear} />}
      {rows.loading && !rows.data ? (
        <Loading />
      ) : rows.error !== undefined ? (
        <ErrorAlert error={rows.error} />
      ) : list.length === 0 ? (
        <Empty>None.</Empty>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>{kind.idHeader}</th>
              <th>Status</th>
              <th>Created</th>
              <th class="actions">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((row) => (
              <tr key={row.id}>
                <td class="mono">{row.label ?? row.id}</td>
                <td>
                  <Badge kind={row.status === 'Active' ? 'green' : 'grey'}>{row.status}</Badge>
                </td>
                <td>{formatDate(row.date)}</td>
                <td class="actions">
                  <Button
                    variant="link"
                    onClick={() =>
                      act(() =>
                        kind.setStatus(userName, row.id, row.status === 'Active' ? 'Inactive' : 'Active'),
                      )
                    }
                  >
                    {row.status === 'Active' ? 'Deactivate' : 'Activate'}
                  </Button>
                  <Button variant="link" onClick={() => act(() => kind.remove(userName, row.id))}>
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

export function OtherCredentials({ userName }: { readonly userName: string }) {
  const [dialog, setDialog] = useState<'ssh' | 'certificate' | undefined>(undefined);
  const [generation, setGeneration] = useState(0);
  const [password, setPassword] = useState<{ user: string; password: string } | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const refresh = () => setGeneration((g) => g + 1);
  const createGit = () => {
    setError(undefined);
    call<{ ServiceSpecificCredential: { ServiceUserName: string; ServicePassword: string } }>(
      'iam',
      'CreateServiceSpecificCredential',
      {
        UserName: userName,
        ServiceName: 'codecommit.amazonaws.com',
      },
    ).then((output) => {
      setPassword({
        user: output.ServiceSpecificCredential.ServiceUserName,
        password: output.ServiceSpecificCredential.ServicePassword,
      });
      refresh();
    }, setError);
  };
  return (
    <div key={generation} class="stack">
      {error !== undefined && <ErrorAlert error={error} onDismiss={() => setError(undefined)} />}
      <CredentialPanel
        kind={SSH_KEYS}
        userName={userName}
        create={{ label: 'Upload SSH public key', run: () => setDialog('ssh') }}
      />
      <CredentialPanel
        kind={SERVICE_CREDENTIALS}
        userName={userName}
        create={{ label: 'Generate credentials', run: createGit }}
      />
      <CredentialPanel
        kind={CERTIFICATES}
        userName={userName}
        create={{ label: 'Upload certificate', run: () => setDialog('certificate') }}
      />
      {dialog === 'ssh' && (
        <UploadModal
          title="Upload SSH public key"
          label="SSH public key"
          onClose={() => {
            setDialog(undefined);
            refresh();
          }}
          onUpload={(body) =>
            call('iam', 'UploadSSHPublicKey', { UserName: userName, SSHPublicKeyBody: body })
          }
        />
      )}
      {dialog === 'certificate' && (
        <UploadModal
          title="Upload X.509 certificate"
          label="Certificate body (PEM)"
          onClose={() => {
            setDialog(undefined);
            refresh();
          }}
          onUpload={(body) =>
            call('iam', 'UploadSigningCertificate', { UserName: userName, CertificateBody: body })
          }
        />
      )}
      {password && (
        <Modal
          title="Git credentials generated"
          onClose={() => setPassword(undefined)}
          footer={
            <Button variant="primary" onClick={() => setPassword(undefined)}>
              Done
            </Button>
          }
        >
          <Alert kind="warning" title="This is the only time the password can be viewed">
            Save it now; you can reset it later.
          </Alert>
          <dl class="key-values">
            <dt>User name</dt>
            <dd class="mono">{password.user}</dd>
            <dt>Password</dt>
            <dd class="mono">{password.password}</dd>
          </dl>
        </Modal>
      )}
    </div>
  );
}
