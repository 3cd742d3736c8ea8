import type { SessionInfo } from '../api.js';
import { Alert, PageHeader } from '../components/ui.js';
import { href } from '../router.js';

const SERVICES = [
  {
    path: '/ec2',
    name: 'EC2',
    description: 'Launch, stop, start, tag and terminate instances.',
  },
  {
    path: '/iam/users',
    name: 'IAM',
    description: 'Users, user groups, policies and roles of the account.',
  },
  {
    path: '/security-credentials',
    name: 'My security credentials',
    description: 'Your password, access keys and MFA devices.',
  },
];

export function Home({ session }: { readonly session: SessionInfo }) {
  const user = session.user;
  return (
    <div class="page">
      <PageHeader
        title="Console home"
        description={`Signed in as ${user?.userName ?? ''} in account ${user?.accountAlias ?? user?.accountId ?? ''}.`}
      />
      {!session.mfaAuthenticated && (
        <Alert kind="warning" title="You signed in without MFA">
          Policies that require multi-factor authentication deny you most actions until you sign in with an
          MFA code. Assign a virtual MFA device in{' '}
          <a {...href('/security-credentials')}>My security credentials</a>, then sign out and sign in again.
        </Alert>
      )}
      <div class="tiles">
        {SERVICES.map((service) => (
          <a key={service.path} class="tile" {...href(service.path)}>
            <span class="tile-name">{service.name}</span>
            <span class="tile-description">{service.description}</span>
          </a>
        ))}
      </div>
    </div>
  );
}
