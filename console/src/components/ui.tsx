import type { ComponentChildren, JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { ApiError } from '../api.js';

/** The building blocks every page is made of, so they all look and behave alike. */

type ButtonProps = JSX.HTMLAttributes<HTMLButtonElement> & {
  readonly variant?: 'primary' | 'normal' | 'danger' | 'link';
  readonly busy?: boolean;
  readonly disabled?: boolean;
  readonly type?: 'button' | 'submit';
  /** The form a submit button outside it submits (a modal's footer). */
  readonly form?: string;
};

export function Button({
  variant = 'normal',
  busy = false,
  disabled,
  type = 'button',
  children,
  ...rest
}: ButtonProps) {
  return (
    <button {...rest} type={type} class={`btn btn-${variant}`} disabled={disabled === true || busy}>
      {busy && <span class="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}

export function Alert({
  kind,
  title,
  children,
  onDismiss,
}: {
  readonly kind: 'error' | 'success' | 'info' | 'warning';
  readonly title?: string;
  readonly children?: ComponentChildren;
  readonly onDismiss?: () => void;
}) {
  return (
    <div class={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <div class="alert-body">
        {title && <div class="alert-title">{title}</div>}
        {children && <div class="alert-text">{children}</div>}
      </div>
      {onDismiss && (
        <button type="button" class="alert-close" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}

const TITLES: Readonly<Record<string, string>> = {
  SignInFailed: 'Sign-in failed',
  PasswordPolicyViolation: 'The password does not meet the password policy',
  InvalidAuthenticationCode: 'The MFA codes are not valid',
  EntityAlreadyExists: 'It already exists',
  NoSuchEntity: 'Not found',
  InvalidCsrfToken: 'The page is out of date',
  LimitExceeded: 'Not now',
  NoSmsDevice: 'No SMS MFA device',
  ServiceFailure: 'The code could not be texted',
};

/**
 * An operation's failure as the person should see it: a refusal by policy reads as AWS's console
 * words it ("You are not authorized to perform this operation") with the reason below.
 */
export function ErrorAlert({
  error,
  onDismiss,
}: {
  readonly error: unknown;
  readonly onDismiss?: () => void;
}) {
  if (error instanceof ApiError && error.denied) {
    const reason = error.message.replace(/^You are not authorized to perform this operation\.\s*/, '');
    return (
      <Alert
        kind="error"
        title="You are not authorized to perform this operation"
        {...(onDismiss && { onDismiss })}
      >
        <span class="reason">{reason}</span>
        <span class="error-code">{error.code}</span>
      </Alert>
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : undefined;
  const title = (code && TITLES[code]) ?? 'The request failed';
  return (
    <Alert kind="error" title={title} {...(onDismiss && { onDismiss })}>
      {message}
      {code && <span class="error-code">{code}</span>}
    </Alert>
  );
}

export function Field({
  label,
  hint,
  children,
  error,
}: {
  readonly label: string;
  readonly hint?: ComponentChildren;
  readonly error?: string | undefined;
  readonly children: ComponentChildren;
}) {
  return (
    <label class={`field${error ? ' field-invalid' : ''}`}>
      <span class="field-label">{label}</span>
      {children}
      {hint && <span class="field-hint">{hint}</span>}
      {error && <span class="field-error">{error}</span>}
    </label>
  );
}

/** A required password input with its label; the other props go to the input. */
export function PasswordField({
  label,
  error,
  onInput,
  ...input
}: Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'onInput'> & {
  readonly label: string;
  readonly error?: string | undefined;
  readonly onInput: (value: string) => void;
}) {
  return (
    <Field label={label} error={error}>
      <input {...input} type="password" onInput={(e) => onInput(e.currentTarget.value)} required />
    </Field>
  );
}

/** A 6-digit one-time code input with its label (phones offer the code they received); the other props go to the input. */
export function CodeField({
  label,
  hint,
  onInput,
  ...input
}: Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'onInput'> & {
  readonly label: string;
  readonly hint?: ComponentChildren;
  readonly onInput: (value: string) => void;
}) {
  return (
    <Field label={label} hint={hint}>
      <input
        {...input}
        onInput={(e) => onInput(e.currentTarget.value)}
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
      />
    </Field>
  );
}

export function Modal({
  title,
  onClose,
  children,
  footer,
  wide,
}: {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ComponentChildren;
  readonly footer?: ComponentChildren;
  readonly wide?: boolean;
}) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div class="modal-backdrop">
      <div class={`modal${wide ? ' modal-wide' : ''}`} role="dialog" aria-modal="true" aria-label={title}>
        <div class="modal-header">
          <h2>{title}</h2>
          <button type="button" class="modal-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        <div class="modal-body">{children}</div>
        {footer && <div class="modal-footer">{footer}</div>}
      </div>
    </div>
  );
}

/**
 * A dialog holding one form: Cancel and the submit button in its footer, the action's error above
 * the fields. Enter submits, as in any form.
 */
export function FormModal({
  id,
  title,
  submitLabel,
  busy,
  disabled,
  error,
  onSubmit,
  onClose,
  wide,
  formClass,
  children,
}: {
  /** The form's id (the footer's submit button names it). */
  readonly id: string;
  readonly title: string;
  readonly submitLabel: string;
  readonly busy: boolean;
  readonly disabled?: boolean | undefined;
  readonly error: unknown;
  readonly onSubmit: (event: Event) => void;
  readonly onClose: () => void;
  readonly wide?: boolean | undefined;
  readonly formClass?: string;
  readonly children: ComponentChildren;
}) {
  return (
    <Modal
      title={title}
      onClose={onClose}
      wide={wide ?? false}
      footer={
        <>
          <Button variant="link" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={id} busy={busy} disabled={disabled ?? false}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form id={id} class={formClass ? `form ${formClass}` : 'form'} onSubmit={onSubmit}>
        {error !== undefined && <ErrorAlert error={error} />}
        {children}
      </form>
    </Modal>
  );
}

/** A page section with a heading, an optional count and actions on the right. */
export function Panel({
  title,
  count,
  description,
  actions,
  children,
}: {
  readonly title: string;
  readonly count?: number | undefined;
  readonly description?: ComponentChildren;
  readonly actions?: ComponentChildren;
  readonly children: ComponentChildren;
}) {
  return (
    <section class="panel">
      <header class="panel-header">
        <div>
          <h2>
            {title}
            {count !== undefined && <span class="count"> ({count})</span>}
          </h2>
          {description && <p class="panel-description">{description}</p>}
        </div>
        {actions && <div class="panel-actions">{actions}</div>}
      </header>
      <div class="panel-body">{children}</div>
    </section>
  );
}

/** A panel listing loaded entities: a spinner at first, then the error, the empty note or the list. */
export function ListPanel({
  title,
  loaded,
  count,
  empty,
  children,
}: {
  readonly title: string;
  readonly loaded: { readonly data: unknown; readonly error: unknown; readonly loading: boolean };
  readonly count: number;
  readonly empty: ComponentChildren;
  readonly children: ComponentChildren;
}) {
  return (
    <Panel title={title} count={loaded.data ? count : undefined}>
      {loaded.loading && !loaded.data ? (
        <Loading />
      ) : loaded.error !== undefined ? (
        <ErrorAlert error={loaded.error} />
      ) : count === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        children
      )}
    </Panel>
  );
}

/** A question before an action that cannot be undone: Cancel, or the danger button that does it. */
export function ConfirmModal({
  title,
  confirmLabel,
  onConfirm,
  onClose,
  children,
}: {
  readonly title: string;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
  readonly children: ComponentChildren;
}) {
  return (
    <Modal
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button variant="link" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
    </Modal>
  );
}

export function PageHeader({
  title,
  description,
  actions,
}: {
  readonly title: string;
  readonly description?: ComponentChildren;
  readonly actions?: ComponentChildren;
}) {
  return (
    <div class="page-header">
      <div>
        <h1>{title}</h1>
        {description && <p class="page-description">{description}</p>}
      </div>
      {actions && <div class="page-actions">{actions}</div>}
    </div>
  );
}

export function Empty({ children }: { readonly children: ComponentChildren }) {
  return <div class="empty">{children}</div>;
}

export function Loading() {
  return (
    <div class="loading">
      <span class="spinner" aria-hidden="true" /> Loading…
    </div>
  );
}

export function Badge({
  kind,
  children,
}: {
  readonly kind: 'green' | 'red' | 'grey' | 'blue' | 'amber';
  readonly children: ComponentChildren;
}) {
  return <span class={`badge badge-${kind}`}>{children}</span>;
}

/** Dates as people read them, in their own time zone. */
export function formatDate(value: string | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
