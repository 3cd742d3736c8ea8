import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * The AWS SDK's own SigV4 signer with the SDK's Node hash, for tests and benchmarks that build
 * raw requests.
 * @example await signer(credentials, 'iam').sign(request, { signingDate })
 */
export function signer(credentials: SigningCredentials, service: string, region = 'us-east-1'): SignatureV4 {
  return new SignatureV4({ credentials, service, region, sha256: Hash.bind(null, 'sha256') });
}
