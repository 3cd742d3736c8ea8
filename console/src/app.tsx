import { useCallback, useEffect, useState } from 'preact/hooks';
import { getSession, signOut, whenSessionEnds, type SessionInfo, type Stage } from './api.js';
import { Layout } from './components/layout.js';
import { Alert, Loading } from './components/ui.js';
import { Ec2Instances } from './pages/ec2-instances.js';
import { EventHistory } from './pages/event-history.js';
import { Home } from './pages/home.js';
import { IamGroups } from './pages/iam-groups.js';
import { IamPolicies } from './pages/iam-policies.js';
import { IamRoles } from './pages/iam-roles.js';
import { IamUsers } from './pages/iam-users.js';
import { SecurityCredentials } from './pages/security-credentials.js';
import { MfaForm, NewPasswordForm, SignInForm } from './pages/signin.js';
import { useRoute } from './router.js';

function Page({ path, session }: { readonly path: string; readonly session: SessionInfo }) {
  if (path === '/ec2' || path.startsWith('/ec2/')) return <Ec2Instances />;
  if (path === '/security-credentials') return <SecurityCredentials session={session} />;
  if (path === '/cloudtrail' || path.startsWith('/cloudtrail/')) return <EventHistory />;
  if (path === '/iam' || path.startsWith('/iam/users')) return <IamUsers path={path} session={session} />;
  if (path.startsWith('/iam/groups')) return <IamGroups path={path} />;
  if (path.startsWith('/iam/policies')) return <IamPolicies path={path} />;
  if (path.startsWith('/iam/roles')) return <IamRoles accountId={session.user?.accountId ?? ''} />;
  return <Home session={session} />;
}

export function App() {
  const path = useRoute();
  const [session, setSession] = useState<SessionInfo | undefined>(undefined);
  const [ended, setEnded] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  // Where the sign-in texted a code at once, for the MFA step to say so.
  const [smsSentTo, setSmsSentTo] = useState<string | undefined>(undefined);

  const refresh = useCallback(() => {
    getSession().then(setSession, setFailure);
  }, []);
  useEffect(() => {
    refresh();
    whenSessionEnds(() => {
      setEnded(true);
      refresh();
    });
  }, [refresh]);

  const leave = useCallback(async () => {
    await signOut().catch(() => undefined);
    setEnded(false);
    refresh();
  }, [refresh]);

  if (failure !== undefined)
    return (
      <div class="signin-page">
        <Alert kind="error" title="The console cannot reach iamfa">
          {failure instanceof Error ? failure.message : String(failure)}
        </Alert>
      </div>
    );
  if (!session) return <Loading />;
  const onStage = (_stage: Stage, sentTo?: string) => {
    setSmsSentTo(sentTo);
    setEnded(false);
    refresh();
  };
  if (!session.signedIn)
    return (
      <>
        {ended && (
          <div class="session-ended">
            <Alert kind="info" title="Your session has ended" onDismiss={() => setEnded(false)}>
              Sign in again to continue.
            </Alert>
          </div>
        )}
        <SignInForm onStage={onStage} />
      </>
    );
  if (session.stage === 'mfa')
    return (
      <MfaForm
        smsDevice={session.smsDevice?.phone}
        smsSentTo={smsSentTo ?? (session.smsDevice?.codeSent ? session.smsDevice.phone : undefined)}
        onStage={onStage}
        onCancel={leave}
      />
    );
  if (session.stage === 'new_password') return <NewPasswordForm onStage={onStage} onCancel={leave} />;
  return (
    <Layout path={path} session={session} onSignOut={leave}>
      <Page path={path} session={session} />
    </Layout>
  );
}
