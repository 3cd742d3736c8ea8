import { Pattern } from '../pattern.js';

/**
 * An IAM action wildcard (`*` any run of characters, `?` one character), matched case-insensitively
 * as IAM matches actions, with the engine's own matcher: no regular expression, so no limit on
 * the pattern's length.
 * @example actionGlob('iam:Enable*').test('iam:EnableMFADevice') // true
 */
export function actionGlob(pattern: string): { test(subject: string): boolean } {
  const compiled = Pattern.compile(pattern, { wildcards: true, variables: false, ignoreCase: true });
  return { test: (subject) => compiled.matches(subject.toLowerCase(), undefined) };
}
