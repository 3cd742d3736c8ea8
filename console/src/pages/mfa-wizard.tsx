import { useState } from 'preact/hooks';
import { call } from '../api.js';
import { Alert, Button, CodeField, Field, FormModal } from '../components/ui.js';
import { useAction } from '../hooks.js';

/**
 * Assigning an MFA device. A virtual one, as seed 000 walks through it: name the device, scan the
 * QR code (or show the secret key and type it), then type two consecutive codes and assign at once.
 * An SMS one, as seed 004 does: type a cell phone number, have a code texted to it, type the code
 * and activate.
 */

interface CreatedDevice {
  readonly SerialNumber: string;
  /** Base64 of the Base32 seed's ASCII (the API's blob). */
  readonly Base32StringSeed: string;
  /** Base64 of a PNG. */
  readonly QRCodePNG: string;
}

const CODE_PATTERN = /^\d{6}$/;
/** E.164, as RequestSmsMfaRegistration takes it. */
const PHONE_PATTERN = /^\+[1-9][0-9]{6,14}$/;

type DeviceType = 'virtual' | 'sms';

/** A phone number as typed, without the spaces, dashes and brackets people write it with. */
function e164(typed: string): string {
  return typed.replace(/[\s().-]/g, '');
}

function DeviceTypeChoice({
  value,
  onChange,
}: {
  readonly value: DeviceType;
  readonly onChange: (type: DeviceType) => void;
}) {
  const option = (type: DeviceType, title: string, description: string) => (
    <label class={`choice-option${value === type ? ' selected' : ''}`}>
      <input
        type="radio"
        name="deviceType"
        value={type}
        checked={value === type}
        onChange={() => onChange(type)}
      />
      <span>
        <strong>{title}</strong>
        <span class="muted">{description}</span>
      </span>
    </label>
  );
  return (
    <fieldset class="choice">
      <legend>MFA device</legend>
      {option(
        'virtual',
        'Authenticator app',
        'A virtual MFA device: an authenticator app on a phone or computer (Google Authenticator, Authy, 1Password…).',
      )}
      {option(
        'sms',
        'SMS text message',
        'An SMS MFA device: a code texted to your cell phone each time you sign in.',
      )}
    </fieldset>
  );
}

/** Seed 004's SMS MFA device: a phone number, the code texted to it, then Activate SMS MFA. */
function SmsMfaSetup({
  userName,
  onBack,
  onClose,
  onAssigned,
}: {
  readonly userName: string;
  readonly onBack: () => void;
  readonly onClose: () => void;
  readonly onAssigned: () => void;
}) {
  const [phone, setPhone] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [sentTo, setSentTo] = useState<string | undefined>(undefined);
  const [resent, setResent] = useState(false);
  const [code, setCode] = useState('');
  const action = useAction();

  const request = (number: string) =>
    action.run(() => call('iam', 'RequestSmsMfaRegistration', { UserName: userName, PhoneNumber: number }));

  const send = async (event: Event) => {
    event.preventDefault();
    const number = e164(phone);
    if (!PHONE_PATTERN.test(number)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    if (await request(number)) setSentTo(number);
  };

  const resend = async () => {
    if (!sentTo) return;
    setResent(false);
    setCode('');
    if (await request(sentTo)) setResent(true);
  };

  const activate = async (event: Event) => {
    event.preventDefault();
    const done = await action.run(() =>
      call('iam', 'FinalizeSmsMfaRegistration', { UserName: userName, AuthenticationCode: code.trim() }),
    );
    if (done) onAssigned();
  };

  if (!sentTo)
    return (
      <FormModal
        id="sms-phone-form"
        title="Assign MFA device"
        submitLabel="Send code"
        busy={action.busy}
        error={action.error}
        onSubmit={send}
        onClose={onClose}
      >
        <DeviceTypeChoice value="sms" onChange={(type) => type === 'virtual' && onBack()} />
        <Field
          label="Phone number"
          hint="Your cell phone's number in international format, with + and the country code, e.g. +15555550100."
          error={invalid ? 'Type the number with + and the country code, e.g. +15555550100.' : undefined}
        >
          <input
            name="phoneNumber"
            type="tel"
            value={phone}
            onInput={(e) => setPhone(e.currentTarget.value)}
            placeholder="+15555550100"
            autoComplete="tel"
            required
            autoFocus
          />
        </Field>
      </FormModal>
    );

  return (
    <FormModal
      id="sms-code-form"
      title="Set up SMS MFA device"
      submitLabel="Activate SMS MFA"
      busy={action.busy}
      disabled={!CODE_PATTERN.test(code.trim())}
      error={action.error}
      onSubmit={activate}
      onClose={onClose}
    >
      {resent && (
        <Alert kind="success" onDismiss={() => setResent(false)}>
          A new code was texted to {sentTo}.
        </Alert>
      )}
      <p>
        We texted a 6-digit code to <span class="mono">{sentTo}</span>. Type it below to activate SMS MFA; it
        expires in 5 minutes.
      </p>
      <CodeField
        label="Verification code"
        hint="The code in the text message."
        name="verificationCode"
        value={code}
        onInput={setCode}
        required
        autoFocus
      />
      <div class="form-row">
        <Button variant="link" onClick={resend} disabled={action.busy}>
          Resend code
        </Button>
        <Button
          variant="link"
          onClick={() => {
            action.clear();
            setResent(false);
            setCode('');
            setSentTo(undefined);
          }}
        >
          Use another phone number
        </Button>
      </div>
    </FormModal>
  );
}

export function AssignMfaWizard({
  userName,
  onClose,
  onAssigned,
}: {
  readonly userName: string;
  readonly onClose: () => void;
  readonly onAssigned: () => void;
}) {
  const [type, setType] = useState<DeviceType>('virtual');
  const [name, setName] = useState(userName);
  const [device, setDevice] = useState<CreatedDevice | undefined>(undefined);
  const [show, setShow] = useState<'none' | 'qr' | 'secret'>('none');
  const [code1, setCode1] = useState('');
  const [code2, setCode2] = useState('');
  const action = useAction();

  const create = async (event: Event) => {
    event.preventDefault();
    const output = await action.run(() =>
      call<{ VirtualMFADevice: CreatedDevice }>('iam', 'CreateVirtualMFADevice', {
        VirtualMFADeviceName: name,
      }),
    );
    if (output) setDevice(output.VirtualMFADevice);
  };

  const assign = async (event: Event) => {
    event.preventDefault();
    if (!device) return;
    const done = await action.run(() =>
      call('iam', 'EnableMFADevice', {
        UserName: userName,
        SerialNumber: device.SerialNumber,
        AuthenticationCode1: code1.trim(),
        AuthenticationCode2: code2.trim(),
      }),
    );
    if (done) onAssigned();
  };

  // A device created but never assigned is removed again, so its name is free for the next try.
  const cancel = () => {
    if (device)
      void call('iam', 'DeleteVirtualMFADevice', { SerialNumber: device.SerialNumber }).catch(
        () => undefined,
      );
    onClose();
  };

  if (type === 'sms')
    return (
      <SmsMfaSetup
        userName={userName}
        onBack={() => setType('virtual')}
        onClose={onClose}
        onAssigned={onAssigned}
      />
    );

  if (!device)
    return (
      <FormModal
        id="mfa-name-form"
        title="Assign MFA device"
        submitLabel="Continue"
        busy={action.busy}
        error={action.error}
        onSubmit={create}
        onClose={cancel}
      >
        <DeviceTypeChoice
          value="virtual"
          onChange={(chosen) => {
            action.clear();
            setType(chosen);
          }}
        />
        <Field label="Device name" hint="Up to 64 characters: letters, numbers and + = , . @ - _">
          <input
            name="deviceName"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            required
            maxLength={64}
          />
        </Field>
      </FormModal>
    );

  const secret = atob(device.Base32StringSeed);
  const codesValid = CODE_PATTERN.test(code1.trim()) && CODE_PATTERN.test(code2.trim());
  return (
    <FormModal
      id="mfa-codes-form"
      title="Set up virtual MFA device"
      submitLabel="Assign MFA"
      busy={action.busy}
      disabled={!codesValid}
      error={action.error}
      onSubmit={assign}
      onClose={cancel}
      wide
      formClass="mfa-setup"
    >
      <ol class="steps">
        <li>
          <div class="step-title">Install a compatible authenticator app on your phone or computer.</div>
        </li>
        <li>
          <div class="step-title">
            Use your authenticator app to scan this QR code. Alternatively, type the secret key.
          </div>
          <div class="qr-box">
            {show === 'qr' ? (
              <img
                class="qr"
                alt="QR code of the virtual MFA device"
                src={`data:image/png;base64,${device.QRCodePNG}`}
              />
            ) : show === 'secret' ? (
              <code class="secret-key" aria-label="Secret key">
                {secret}
              </code>
            ) : (
              <span class="muted">Choose how to add the device to your app.</span>
            )}
            <div class="qr-actions">
              <Button variant="link" onClick={() => setShow('qr')}>
                Show QR code
              </Button>
              <Button variant="link" onClick={() => setShow('secret')}>
                Show secret key
              </Button>
            </div>
          </div>
        </li>
        <li>
          <div class="step-title">Type two consecutive MFA codes.</div>
          <div class="form-grid">
            <CodeField
              label="MFA code 1"
              hint="The code your app shows now."
              name="code1"
              value={code1}
              onInput={setCode1}
              required
            />
            <CodeField
              label="MFA code 2"
              hint="Wait up to 30 seconds for the next code."
              name="code2"
              value={code2}
              onInput={setCode2}
              required
            />
          </div>
        </li>
      </ol>
      <Alert kind="warning" title="Important">
        Submit your request immediately after generating the codes. If you generate the codes and then wait
        too long to submit the request, the MFA device is successfully associated with the user, but the MFA
        device is out of sync. This happens because time-based one-time passwords (TOTP) expire after a short
        period of time. If this happens, you can resync the device.
      </Alert>
      <p class="muted small">
        Serial number: <span class="mono">{device.SerialNumber}</span>
      </p>
    </FormModal>
  );
}

/** Resync: two consecutive codes re-align a device whose clock drifted. */
export function ResyncMfaModal({
  userName,
  serialNumber,
  onClose,
  onDone,
}: {
  readonly userName: string;
  readonly serialNumber: string;
  readonly onClose: () => void;
  readonly onDone: () => void;
}) {
  const [code1, setCode1] = useState('');
  const [code2, setCode2] = useState('');
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const done = await action.run(() =>
      call('iam', 'ResyncMFADevice', {
        UserName: userName,
        SerialNumber: serialNumber,
        AuthenticationCode1: code1.trim(),
        AuthenticationCode2: code2.trim(),
      }),
    );
    if (done) onDone();
  };
  return (
    <FormModal
      id="resync-form"
      title="Resync MFA device"
      submitLabel="Resync"
      busy={action.busy}
      error={action.error}
      onSubmit={submit}
      onClose={onClose}
    >
      <p class="muted">
        Type two consecutive codes from <span class="mono">{serialNumber}</span>.
      </p>
      <div class="form-grid">
        <Field label="MFA code 1">
          <input
            name="code1"
            value={code1}
            onInput={(e) => setCode1(e.currentTarget.value)}
            inputMode="numeric"
            maxLength={6}
            required
          />
        </Field>
        <Field label="MFA code 2">
          <input
            name="code2"
            value={code2}
            onInput={(e) => setCode2(e.currentTarget.value)}
            inputMode="numeric"
            maxLength={6}
            required
          />
        </Field>
      </div>
    </FormModal>
  );
}
