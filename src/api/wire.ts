/** An HTTP request as the API layer sees it: raw, so SigV4 can verify exactly what was signed. */
export interface WireRequest {
  readonly method: string;
  /** The path as sent, before decoding. */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  /** Header names lower-cased; every value of a repeated header, in order (SigV4 joins them). */
  readonly headers: Readonly<Record<string, readonly string[] | undefined>>;
  readonly body: Buffer;
  readonly sourceIp: string;
  /** Whether it came over TLS (`aws:SecureTransport`). */
  readonly secure: boolean;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}
