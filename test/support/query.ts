import { buildQueryString, HttpRequest } from '@smithy/core/protocols';
import { signer, type SigningCredentials } from './signer.js';

/**
 * A signed IAM query-protocol request for operations no AWS SDK has (iamfa's SMS MFA operations):
 * POSTed as the SDKs post, answered as raw XML. `field` reads one element's text from it.
 */
export interface QueryAnswer {
  readonly status: number;
  readonly body: string;
  /** The text of the first element of that name, or undefined. */
  field(name: string): string | undefined;
}

export async function iamQuery(
  endpoint: string,
  credentials: SigningCredentials,
  action: string,
  params: Readonly<Record<string, string>> = {},
): Promise<QueryAnswer> {
  const url = new URL(endpoint);
  const body = buildQueryString({ Action: action, Version: '2010-05-08', ...params });
  const request = new HttpRequest({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const signed = await signer(credentials, 'iam').sign(request);
  // fetch writes Host itself, from the URL: the same value as signed.
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
  const response = await fetch(`${endpoint}/`, { method: 'POST', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    body: text,
    field: (name) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1],
  };
}
