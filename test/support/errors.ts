import { IamError } from '../../src/iam/errors.js';

/** The IamError a call must fail with; anything else (or success) fails the test. */
export async function rejection(work: Promise<unknown>): Promise<IamError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof IamError)) throw new Error(`expected an IamError, got ${String(error)}`);
  return error;
}

/** The code and message an IamError call must fail with, for checking both together. */
export async function iamFailure(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  const { code, message } = await rejection(work);
  return { code, message };
}
