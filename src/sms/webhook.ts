import { createHmac } from 'node:crypto';
import { SmsDeliveryError, type SmsSender } from './sender.js';

/**
 * The sender for a real SMS gateway: each message is POSTed as JSON `{"to": …, "body": …}` to a
 * URL the operator configures (a small adapter in front of Twilio, SNS, or any gateway). With a
 * shared secret, each request carries `X-Iamfa-Timestamp` (Unix seconds) and `X-Iamfa-Signature:
 * sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, so the receiver can refuse forged or replayed
 * requests. Any status but 2xx, or no answer within the timeout, is a failed delivery.
 */

export interface WebhookOptions {
  readonly url: string;
  readonly secret?: string | undefined;
  /** Default 5 s. */
  readonly timeoutMs?: number;
}

/** The signature header's value for a request body sent at `timestamp` (Unix seconds). */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function webhookSender(options: WebhookOptions): SmsSender {
  return {
    async send(message) {
      const body = JSON.stringify({ to: message.to, body: message.body });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.secret) {
        const timestamp = String(Math.floor(Date.now() / 1000));
        headers['x-iamfa-timestamp'] = timestamp;
        headers['x-iamfa-signature'] = webhookSignature(options.secret, timestamp, body);
      }
      let status: number;
      try {
        const response = await fetch(options.url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        status = response.status;
        await response.body?.cancel();
      } catch (error) {
        const reason =
          error instanceof Error && error.name === 'TimeoutError'
            ? 'did not answer in time'
            : 'could not be reached';
        throw new SmsDeliveryError(`The SMS gateway ${reason}.`);
      }
      if (status < 200 || status > 299) throw new SmsDeliveryError(`The SMS gateway answered ${status}.`);
    },
  };
}
