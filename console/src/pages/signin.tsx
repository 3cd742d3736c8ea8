import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { signIn, submitMfa, submitNewPassword, textSignInCode, type Stage } from '../api.js';
import { Alert, Button, CodeField, ErrorAlert, Field, PasswordField } from '../components/ui.js';
import { useAction } from '../hooks.js';
import { PasswordRules } from './password-rules.js';

/**
 * Signing in, in the steps the server asks for: account, user name and password (and, with "I have
 * an MFA token", the code at once, as the older AWS console offered); then the MFA code (from an
 * authenticator app, or texted to the user's SMS device); then a new password when one is required.
 */

function Card({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="signin-page">
      <div class="signin-brand">
        <span class="brand-mark" aria-hidden="true">
          ◆
        </span>{' '}
        iamfa
      </div>
      <div class="signin-card">
        <h1>{title}</h1>
        {subtitle && <p class="muted">{subtitle}</p>}
        {children}
      </div>
      <p class="signin-footer">
        Identity and access management with enforceable MFA. Sessions end after an hour without activity.
      </p>
    </div>
  );
}

export function SignInForm({
  onStage,
}: {
  /** The next stage, and where a sign-in code was texted at once (a user whose only device is SMS). */
  readonly onStage: (stage: Stage, smsSentTo?: string) => void;
}) {
  const params = new URLSearchParams(window.location.search);
  const [account, setAccount] = useState(params.get('account') ?? '');
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [hasToken, setHasToken] = useState(false);
  const [mfaCode, setMfaCode] = useState('');
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const answer = await action.run(() =>
      signIn({ account, userName, password, ...(hasToken && mfaCode && { mfaCode }) }),
    );
    setPassword('');
    if (answer) onStage(answer.stage, answer.smsSentTo);
  };
  return (
    <Card title="Sign in as IAM user">
      <form class="form" onSubmit={submit}>
        {action.error !== undefined && <ErrorAlert error={action.error} />}
        <Field label="Account ID (12 digits) or account alias">
          <input
            name="account"
            value={account}
            onInput={(e) => setAccount(e.currentTarget.value)}
            required
            autoComplete="organization"
            autoFocus
          />
        </Field>
        <Field label="IAM user name">
          <input
            name="userName"
            value={userName}
            onInput={(e) => setUserName(e.currentTarget.value)}
            required
            autoComplete="username"
          />
        </Field>
        <PasswordField
          label="Password"
          name="password"
          value={password}
          onInput={setPassword}
          autoComplete="current-password"
        />
        <label class="checkbox">
          <input
            type="checkbox"
            name="hasToken"
            checked={hasToken}
            onChange={(e) => setHasToken(e.currentTarget.checked)}
          />
          I have an MFA token
        </label>
        {hasToken && (
          <CodeField
            label="MFA code"
            hint="The 6-digit code your authenticator app shows now."
            name="mfaCode"
            value={mfaCode}
            onInput={setMfaCode}
          />
        )}
        <Button type="submit" variant="primary" busy={action.busy}>
          Sign in
        </Button>
      </form>
    </Card>
  );
}

export function MfaForm({
  smsDevice,
  smsSentTo,
  onStage,
  onCancel,
}: {
  /** The user's SMS device, by its phone's last digits, if they have one. */
  readonly smsDevice?: string | undefined;
  /** Where the sign-in texted a code at once, if it did. */
  readonly smsSentTo?: string | undefined;
  readonly onStage: (stage: Stage) => void;
  readonly onCancel: () => void;
}) {
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState(smsSentTo);
  const action = useAction();
  const texting = useAction();
  const phone = sentTo ?? smsDevice;
  const submit = async (event: Event) => {
    event.preventDefault();
    const stage = await action.run(() => submitMfa(code.trim()));
    setCode('');
    if (stage) onStage(stage);
  };
  const text = async () => {
    const to = await texting.run(textSignInCode);
    if (to) setSentTo(to);
  };
  return (
    <Card
      title="Multi-factor authentication"
      subtitle={
        smsSentTo
          ? 'Your account is secured with an SMS MFA device.'
          : phone
            ? 'Your account is secured with multi-factor authentication.'
            : 'Your account is secured with a virtual MFA device.'
      }
    >
      <form class="form" onSubmit={submit}>
        {action.error !== undefined && <ErrorAlert error={action.error} />}
        {texting.error !== undefined && <ErrorAlert error={texting.error} onDismiss={texting.clear} />}
        {sentTo && (
          <Alert kind="info" title={`We texted a code to ${sentTo}`}>
            It expires in 5 minutes.
          </Alert>
        )}
        <CodeField
          label="MFA code"
          hint={
            sentTo
              ? 'Type the 6-digit code from the text message.'
              : phone
                ? 'The 6-digit code texted to your phone, or the one your authenticator app shows.'
                : 'Open your authenticator app and type the 6-digit code it shows.'
          }
          name="mfaCode"
          value={code}
          onInput={setCode}
          required
          autoFocus
        />
        <div class="form-row">
          <Button type="submit" variant="primary" busy={action.busy}>
            Submit
          </Button>
          {phone && (
            <Button onClick={text} busy={texting.busy}>
              {sentTo ? 'Send another code' : 'Text me a code'}
            </Button>
          )}
          <Button variant="link" onClick={onCancel}>
            Cancel
          </Button>
        </div>
        {phone && !sentTo && <p class="muted small">Codes are texted to {phone}.</p>}
      </form>
    </Card>
  );
}

export function NewPasswordForm({
  onStage,
  onCancel,
}: {
  readonly onStage: (stage: Stage) => void;
  readonly onCancel: () => void;
}) {
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const action = useAction();
  const mismatch = confirm !== '' && confirm !== newPassword;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (mismatch) return;
    const stage = await action.run(() => submitNewPassword(oldPassword, newPassword));
    if (stage) onStage(stage);
  };
  return (
    <Card
      title="Change your password"
      subtitle="Your administrator requires a new password before you continue, or your password has expired."
    >
      <form class="form" onSubmit={submit}>
        {action.error !== undefined && <ErrorAlert error={action.error} />}
        <PasswordRules />
        <PasswordField
          label="Old password"
          name="oldPassword"
          value={oldPassword}
          onInput={setOld}
          autoComplete="current-password"
          autoFocus
        />
        <PasswordField
          label="New password"
          name="newPassword"
          value={newPassword}
          onInput={setNew}
          autoComplete="new-password"
        />
        <PasswordField
          label="Retype new password"
          name="confirmPassword"
          value={confirm}
          onInput={setConfirm}
          autoComplete="new-password"
          error={mismatch ? 'The passwords do not match.' : undefined}
        />
        <div class="form-row">
          <Button type="submit" variant="primary" busy={action.busy} disabled={mismatch}>
            Confirm password change
          </Button>
          <Button variant="link" onClick={onCancel}>
            Sign out
          </Button>
        </div>
      </form>
    </Card>
  );
}

export function SignedOutNotice({ onDismiss }: { readonly onDismiss: () => void }) {
  return (
    <Alert kind="info" title="Signed out" onDismiss={onDismiss}>
      Your session has ended.
    </Alert>
  );
}
