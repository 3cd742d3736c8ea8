/**
 * A browser-like client of the console API over real HTTP: it keeps cookies as a browser would
 * (by name, dropped on Max-Age=0) and echoes the CSRF cookie in the header, as the console's page
 * script does.
 */
export interface ConsoleResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

export class ConsoleClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly url: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      if (attributes.some((a) => a.trim().toLowerCase() === 'max-age=0')) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }

  async get(path: string): Promise<ConsoleResponse> {
    const response = await fetch(`${this.url}/console/api/${path}`, {
      headers: { cookie: this.cookieHeader() },
    });
    this.remember(response.headers);
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      headers: response.headers,
    };
  }

  /** Posts a form; with `csrf: false` the CSRF header is left out. */
  async post(
    path: string,
    form: Record<string, string>,
    options: { csrf?: boolean } = {},
  ): Promise<ConsoleResponse> {
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: this.cookieHeader(),
    };
    const csrf = this.cookies.get('iamfa-csrf');
    if (options.csrf !== false && csrf) headers['x-csrf-token'] = csrf;
    const response = await fetch(`${this.url}/console/api/${path}`, {
      method: 'POST',
      headers,
      body: new URLSearchParams(form).toString(),
    });
    this.remember(response.headers);
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      headers: response.headers,
    };
  }

  /** GET session first (it sets the CSRF cookie), then sign in. */
  async signIn(form: { account: string; userName: string; password: string; mfaCode?: string }) {
    await this.get('session');
    return this.post('signin', form);
  }

  /** An operation through `call`, with parameters as the AWS query protocol names them. */
  call(version: 'iam' | 'sts' | 'ec2', action: string, params: Record<string, string> = {}) {
    const versions = { iam: '2010-05-08', sts: '2011-06-15', ec2: '2016-11-15' };
    return this.post('call', { Action: action, Version: versions[version], ...params });
  }
}
