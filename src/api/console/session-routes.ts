import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { endConsoleSession, resolveConsoleSession, type ConsoleSession } from '../../iam/console-sessions.js';
import {
  completeMfa,
  passwordChanged,
  signIn,
  signInText,
  smsDeviceState,
  type SignInOutcome,
} from '../../iam/console-signin.js';
import { IamError } from '../../iam/errors.js';
import { deliver } from '../iam/sms-mfa.js';
import { findAccount } from '../../store/accounts.js';
import { consoleCaller } from './caller.js';
import { consoleLoginEvent } from './console-login-event.js';
import {
  clearSessionCookie,
  csrfValid,
  formOf,
  newRequestId,
  postingSession,
  preSessionCsrf,
  refuseCsrf,
  sendError,
  sessionOf,
  setSessionCookies,
  wireOf,
  type ConsoleOptions,
} from './context.js';

const IAM_VERSION = '2010-05-08';
const STATUS: Readonly<Record<string, number>> = { invalid: 401, throttled: 429, expired: 403 };

/**
 * Records a sign-in that ended: in success (the password, and the code when one is needed, were
 * right) or in failure. A password accepted while a code is still due is no sign-in yet.
 */
async function recordSignIn(
  options: ConsoleOptions,
  request: FastifyRequest,
  outcome: SignInOutcome,
  mfaUsed: boolean,
): Promise<void> {
  if (!options.audit || (outcome.ok && outcome.session.stage === 'mfa')) return;
  const now = new Date();
  const session = outcome.ok
    ? await options.store.transaction((tx) =>
        resolveConsoleSession(tx, outcome.session.id, now, options.timeouts),
      )
    : undefined;
  const result = session ? { session } : { failure: outcome.ok ? 'Session ended' : outcome.message };
  await options
    .audit(consoleLoginEvent(request, result, mfaUsed, now))
    .catch((error: unknown) => options.onError?.(error, { requestId: request.id, action: 'ConsoleLogin' }));
}

/** Answers a sign-in step: the new session's cookies and stage, or the failure in its words. */
function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: SignInOutcome,
  extra: Record<string, unknown> = {},
) {
  if (!outcome.ok) {
    if (outcome.retryAfterSeconds !== undefined)
      reply.header('retry-after', String(outcome.retryAfterSeconds));
    return sendError(reply, STATUS[outcome.error] ?? 401, 'SignInFailed', outcome.message);
  }
  setSessionCookies(request, reply, outcome.session);
  return reply.send({ stage: outcome.session.stage, csrfToken: outcome.session.csrfToken, ...extra });
}

/**
 * Texts a sign-in code to the SMS device of a session waiting for MFA: the phone's last digits,
 * or undefined when there is nothing to text to. Throws IamError (LimitExceeded, ServiceFailure).
 */
async function textCode(
  options: ConsoleOptions,
  session: { readonly userId: string },
  soleDevice: boolean,
): Promise<string | undefined> {
  const sent = await signInText(options.store, options.secrets, session, new Date(), { soleDevice });
  if (!sent) return undefined;
  await deliver(options, sent.serialNumber, sent.text);
  return sent.hint;
}

async function describe(options: ConsoleOptions, session: ConsoleSession) {
  const account = await findAccount(options.store.db, session.accountId);
  return {
    signedIn: true,
    stage: session.stage,
    csrfToken: session.csrfToken,
    user: {
      userName: session.userName,
      arn: session.userArn,
      accountId: session.accountId,
      accountAlias: account?.alias ?? null,
    },
    mfaAuthenticated: session.mfaAuthenticatedAt !== undefined,
    // While MFA is due: the SMS device a code can be texted to, and whether one was.
    smsDevice:
      session.stage === 'mfa'
        ? ((await smsDeviceState(options.store.db, options.secrets, session.userId, new Date())) ?? null)
        : null,
    expiresAt: session.expiresAt.toISOString(),
  };
}

/** Sign-in (password, MFA code, new password), sign-out, and what the current session is. */
export function sessionRoutes(app: FastifyInstance, options: ConsoleOptions): void {
  const { store, secrets, timeouts } = options;

  app.get('/console/api/session', async (request, reply) => {
    const session = await sessionOf(options, request);
    if (session) return reply.send(await describe(options, session));
    clearSessionCookie(request, reply);
    return reply.send({ signedIn: false, csrfToken: preSessionCsrf(request, reply) });
  });

  app.post('/console/api/signin', async (request, reply) => {
    // A sign-in form posted from another site would sign the victim in as the attacker.
    if (!csrfValid(request, undefined)) return refuseCsrf(reply);
    // Signing in again ends the session this browser had: one person, one session per browser.
    const previous = await sessionOf(options, request);
    if (previous) await store.transaction((tx) => endConsoleSession(tx, previous));
    const form = formOf(request);
    const mfaCode = form.get('mfaCode')?.trim();
    const outcome = await signIn(
      store,
      secrets,
      {
        account: form.get('account') ?? '',
        userName: form.get('userName') ?? '',
        password: form.get('password') ?? '',
        mfaCode: mfaCode || undefined,
        sourceIp: request.ip,
      },
      new Date(),
      timeouts,
    );
    await recordSignIn(options, request, outcome, mfaCode !== undefined && mfaCode !== '');
    // A user whose only device is SMS is texted a code at once, as the seeds' console did.
    let smsSentTo: string | undefined;
    if (outcome.ok && outcome.session.stage === 'mfa') {
      smsSentTo = await textCode(options, outcome.session, true).catch((error: unknown) => {
        // Not texted now (a code went out moments ago, or the gateway failed): the page offers to.
        if (error instanceof IamError) return undefined;
        throw error;
      });
    }
    return answer(request, reply, outcome, smsSentTo === undefined ? {} : { smsSentTo });
  });

  app.post('/console/api/signin/mfa/sms', async (request, reply) => {
    const session = await postingSession(options, request, reply, (s) => s.stage === 'mfa', 'ended');
    if (!session) return reply;
    try {
      const sentTo = await textCode(options, session, false);
      if (sentTo === undefined) return sendError(reply, 400, 'NoSmsDevice', 'You have no SMS MFA device.');
      return reply.send({ sentTo });
    } catch (error) {
      if (!(error instanceof IamError)) throw error;
      return sendError(reply, error.code === 'LimitExceeded' ? 429 : 502, error.code, error.message);
    }
  });

  app.post('/console/api/signin/mfa', async (request, reply) => {
    const session = await postingSession(options, request, reply, (s) => s.stage === 'mfa', 'ended');
    if (!session) return reply;
    const code = formOf(request).get('code')?.trim() ?? '';
    const outcome = await completeMfa(store, secrets, session, code, request.ip, new Date(), timeouts);
    await recordSignIn(options, request, outcome, true);
    return answer(request, reply, outcome);
  });

  app.post('/console/api/signin/new-password', async (request, reply) => {
    const session = await postingSession(options, request, reply, (s) => s.stage === 'new_password', 'ended');
    if (!session) return reply;
    const form = formOf(request);
    const iam = options.dispatcher.service(IAM_VERSION);
    if (!iam) throw new Error('The console needs the IAM service.');
    // The new password is set by the enforced ChangePassword, as the user: their policies (or the
    // password policy's AllowUsersToChangePassword) decide, and the password policy applies.
    const params = new URLSearchParams({
      OldPassword: form.get('oldPassword') ?? '',
      NewPassword: form.get('newPassword') ?? '',
    });
    const outcome = await options.dispatcher.run(iam, 'ChangePassword', params, {
      caller: await consoleCaller(store.db, session),
      request: wireOf(request),
      requestId: newRequestId(),
    });
    if (!outcome.ok) return sendError(reply, outcome.status, outcome.code, outcome.message);
    const issued = await passwordChanged(store, session, new Date(), timeouts);
    setSessionCookies(request, reply, issued);
    return reply.send({ stage: issued.stage, csrfToken: issued.csrfToken });
  });

  app.post('/console/api/signout', async (request, reply) => {
    const session = await sessionOf(options, request);
    if (!csrfValid(request, session)) return refuseCsrf(reply);
    if (session) await store.transaction((tx) => endConsoleSession(tx, session));
    clearSessionCookie(request, reply);
    return reply.send({ signedIn: false });
  });
}
