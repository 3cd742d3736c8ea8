/** What an AWS call failed with, as AWS sent it. */
export interface AwsFailure {
  /** The wire code (`EntityAlreadyExists`), not the SDK's class name (`EntityAlreadyExistsException`). */
  readonly code: string;
  readonly status: number | undefined;
  readonly message: string;
}

/** The AWS error a call through an AWS SDK v3 client must fail with; success fails the test. */
export async function awsFailure(call: Promise<unknown>): Promise<AwsFailure> {
  try {
    await call;
  } catch (e) {
    const error = e as {
      name?: string;
      message?: string;
      Error?: { Code?: string };
      $metadata?: { httpStatusCode?: number };
    };
    if (!error.$metadata) throw e;
    return {
      code: error.Error?.Code ?? error.name ?? '',
      status: error.$metadata.httpStatusCode,
      message: error.message ?? '',
    };
  }
  throw new Error('The call succeeded.');
}
