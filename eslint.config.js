import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const electronImport = {
  paths: [
    {
      name: 'electron',
      message: 'Only the Electron shell (src/main/shell, src/main/index.ts) may import electron.'
    }
  ],
  patterns: [{ group: ['electron/*'], message: 'Only the Electron shell may import electron.' }]
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } }
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off'
    }
  },
  {
    files: ['src/renderer/**/*', 'tests/renderer/**/*'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    // The engine, the shared contract, the renderer and the CLI must run without Electron.
    files: [
      'src/main/engine/**/*',
      'src/main/headless/**/*',
      'src/main/shell/policy/**/*',
      'src/preload/bridge.ts',
      'src/main/cli/**/*',
      'src/main/serve/**/*',
      'src/shared/**/*',
      'src/renderer/**/*'
    ],
    rules: { 'no-restricted-imports': ['error', electronImport] }
  }
)
