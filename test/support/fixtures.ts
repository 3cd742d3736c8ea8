import { readFileSync } from 'node:fs';

/** A policy document from test/fixtures/policies, as text. */
export function policyFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/policies/${name}.json`, import.meta.url), 'utf8');
}
