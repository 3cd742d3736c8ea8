import { describe, expect, it } from 'vitest';
import { accountOfAccessKeyId, newAccessKeyId } from './access-key-ids.js';

describe('access key ids', () => {
  it('decode the account of AWS’s own example keys', () => {
    // Published examples of the encoding (e.g. Tal Be'ery, "A short note on AWS KEY ID", 2023).
    expect(accountOfAccessKeyId('ASIAY34FZKBOKMUTVV7A')).toBe('609629065308');
  });

  it('encode the account they are made for, in 20 characters', () => {
    for (const account of ['123456789012', '000000000001', '999999999999']) {
      const id = newAccessKeyId('AKIA', account);
      expect(id).toMatch(/^AKIA[A-Z2-7]{16}$/);
      expect(accountOfAccessKeyId(id)).toBe(account);
    }
    expect(newAccessKeyId('ASIA', '123456789012')).not.toBe(newAccessKeyId('ASIA', '123456789012'));
  });

  it('find no account in what is not such an id', () => {
    expect(accountOfAccessKeyId('AKIA1')).toBeUndefined();
    expect(accountOfAccessKeyId('AKIA0000000000000000')).toBeUndefined();
  });
});
