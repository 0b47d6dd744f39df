// ESLint (typescript-eslint, without type-aware rules: measured on this tree, those take 29 s instead
// of 4.4 s, since they build a TypeScript program per package). Formatting is Prettier's job (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'packages/cli/bundle/**',
      '**/node_modules/**',
      '.stack/**',
      '.venv/**',
      'ingestion_data/**',
      '**/*.d.ts',
      'packages/kafka/src/codecs/vendor*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: globals.node },
    rules: {
      // `let x = []; try { x = read() } catch { … }` reads well here; the rule flags it without finding bugs.
      'no-useless-assignment': 'off',
      // `_name` marks a parameter kept for its position (commander actions, callbacks).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
