// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const onlyBan = ['describe', 'it', 'test'].map((object) => ({
  object,
  property: 'only',
  message: '.only would silently skip the rest of the suite.',
}));

export default tseslint.config(
  { ignores: ['node_modules/**', '.tsbuild/**', 'dist/**', 'out/**', 'artifacts/**', 'test-results/**', 'playwright-report/**', '.bench-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': ['error', ...onlyBan],
    },
  },
  {
    // The pure simulator: virtual time and seeded randomness only.
    files: ['simulator/**/*.ts'],
    ignores: ['simulator/node/**', 'simulator/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': ['error',
        { name: 'Date', message: 'The simulator runs on virtual time: pass a clock in.' },
        { name: 'performance', message: 'The simulator runs on virtual time: pass a clock in.' },
        { name: 'process', message: 'Only simulator/node may touch the process.' },
        { name: 'setTimeout', message: 'Schedule in virtual time, or yield through the injected scheduler.' },
      ],
      'no-restricted-properties': ['error', ...onlyBan,
        { object: 'Math', property: 'random', message: 'Use the seeded generator from simulator/traffic.' },
      ],
    },
  },
);
