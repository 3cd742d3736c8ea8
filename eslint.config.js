import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@cloud-copilot/iam-simulate'], message: 'AGPL: test oracle only.' }] },
      ],
    },
  },
  {
    // policy/ is a pure library: no I/O, no storage, no HTTP.
    files: ['src/policy/**/*.ts'],
    ignores: ['src/policy/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:fs*', 'node:net', 'node:http*', 'node:child_process'],
              message: 'policy/ has no I/O.',
            },
            {
              group: [
                '**/api/**',
                '**/auth/**',
                '**/cli/**',
                '**/ec2/**',
                '**/iam/**',
                '**/server/**',
                '**/store/**',
              ],
              message: 'policy/ imports nothing outside itself.',
            },
            { group: ['@cloud-copilot/iam-simulate'], message: 'AGPL: test oracle only.' },
          ],
        },
      ],
    },
  },
);
