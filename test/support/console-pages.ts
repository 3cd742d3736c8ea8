import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** What a person does in the console, step by step, by the labels they see. */

export async function signIn(
  page: Page,
  url: string,
  form: { account: string; userName: string; password: string },
  beforeSubmit?: () => Promise<void>,
): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.getByLabel('Account ID (12 digits) or account alias').fill(form.account);
  await page.getByLabel('IAM user name').fill(form.userName);
  await page.getByLabel('Password', { exact: true }).fill(form.password);
  await beforeSubmit?.();
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.locator('.user-menu-button').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in as IAM user' }).waitFor();
}

/** Navigates by the side or top navigation, as a person would click. */
export async function open(page: Page, link: string): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).first().click();
}

export async function createPolicy(page: Page, name: string, document: string): Promise<void> {
  await page.getByRole('link', { name: 'IAM', exact: true }).click();
  await open(page, 'Policies');
  await page.getByRole('button', { name: 'Create policy' }).click();
  await page.getByLabel('Policy document').fill(document);
  await page.getByLabel('Policy name').fill(name);
  await page.getByRole('button', { name: 'Create policy' }).click();
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

/** Chooses policies in the picker by typing each name and ticking it. */
export async function pickPolicies(page: Page, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await page.getByLabel('Search policies').fill(name);
    await page
      .locator('.picker-list label', { hasText: new RegExp(`^${name}`) })
      .first()
      .getByRole('checkbox')
      .check();
  }
}

export async function createGroup(page: Page, name: string, policies: readonly string[]): Promise<void> {
  await page.getByRole('link', { name: 'IAM', exact: true }).click();
  await open(page, 'User groups');
  await page.getByRole('button', { name: 'Create group' }).click();
  await page.getByLabel('User group name').fill(name);
  await pickPolicies(page, policies);
  await page.getByRole('dialog').getByRole('button', { name: 'Create group' }).click();
  await page.getByRole('heading', { name, exact: true }).waitFor();
  for (const policy of policies)
    await expect.poll(() => page.getByRole('link', { name: policy }).count()).toBe(1);
}
