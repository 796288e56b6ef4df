// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { importX } from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tmp/**', 'test/fixtures/lint-cycle/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  {
    // No import cycles (docs/architecture.md): a cycle hides an order of initialisation and makes a
    // module impossible to read alone. Relative imports only (packages cannot import us back).
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts', '.js', '.mjs'] },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    rules: {
      // Untrusted values never reach a shell: spawn argv arrays only (exec.ts).
      'no-restricted-imports': ['error', { paths: [{ name: 'child_process', message: 'Use node:child_process via shared/exec.ts' }] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['actions/**/*.ts', 'shared/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "Property[key.name='shell'][value.value=true]", message: 'No shell: pass argv arrays (shared/exec.ts).' },
        { selector: "CallExpression[callee.property.name='exec'][arguments.0.type='TemplateLiteral']", message: 'No command strings built from values.' },
        { selector: "CallExpression[callee.property.name='execSync']", message: 'No command strings: use shared/exec.ts.' },
      ],
    },
  },
);
