/**
 * Where SMS MFA codes go: a sender delivers one text message, and throws SmsDeliveryError when it
 * cannot (the caller answers ServiceFailure and nothing else changes: the user asks again). iamfa
 * has two: the development outbox, the default, and a webhook for a real SMS gateway.
 */

/** One text message: its recipient in E.164 form (`+15555550100`) and its text. */
export interface TextMessage {
  readonly to: string;
  readonly body: string;
}

export interface SmsSender {
  /** Resolves once the message is handed over (to the outbox, or to the gateway). */
  send(message: TextMessage): Promise<void>;
}

/** The message could not be handed over; the message says why without repeating the text. */
export class SmsDeliveryError extends Error {
  override readonly name = 'SmsDeliveryError';
}
