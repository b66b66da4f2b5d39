// ESLint flat config. Base: the recommended JS and typescript-eslint rules, kept pragmatic.
// On top: the Dapr workflow code (apps/orchestrator/src/saga/**/*.workflow.ts) is replayed by
// the runtime and must be deterministic, so there it may not reach for I/O, the clock,
// randomness, timers or ambient process state, and may not leave a promise floating.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS_SOURCES = ['apps/*/src/**/*.ts', 'packages/*/src/**/*.ts', 'tools/*/src/**/*.ts', 'tests/**/*.ts'];
const WORKFLOWS = ['apps/orchestrator/src/saga/**/*.workflow.ts'];

const REPLAYED = 'workflow code is replayed and must be deterministic';
const NO_IO = `${REPLAYED}: do I/O in an activity (ctx.callActivity), not in the workflow`;
const NO_CLOCK = `${REPLAYED}: use ctx.getCurrentUtcDateTime() for the time`;
const NO_TIMERS = `${REPLAYED}: use a durable timer, yield ctx.createTimer(seconds)`;
const NO_RANDOM = `${REPLAYED}: take random values as workflow input or from an activity`;
const NO_PROCESS = `${REPLAYED}: take configuration as workflow input (process.env may differ on replay)`;

export default defineConfig([
  globalIgnores(['**/dist/', '**/node_modules/', '**/*.tsbuildinfo', 'coverage/', '.run/', 'data/', 'charts/', 'scripts/k8s/tilt-extensions/']),

  // Plain JS: Node scripts and root config files; the browser and k6 scripts below get their own globals.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ignores: ['apps/orchestrator/public/**', 'k6/**'],
    languageOptions: { globals: globals.node },
  },
  // The dashboard's static files run in the browser as they are (<script type="module">).
  {
    files: ['apps/orchestrator/public/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  // k6 load scripts run in k6, not in Node.
  {
    files: ['k6/**/*.js'],
    languageOptions: { globals: { __ENV: 'readonly', __VU: 'readonly', __ITER: 'readonly', console: 'readonly' } },
  },

  // TypeScript sources and tests.
  {
    files: TS_SOURCES,
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },

  // The Dapr workflows: deterministic, replay-safe code only.
  {
    files: WORKFLOWS,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The TypeScript version of the rule, so a value-less import of a Dapr type stays allowed.
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...builtinModules.map((name) => ({ name, message: `Node built-in; ${NO_IO}.` })),
            { name: '@ticket-saga/service-kit', message: `the service kit does I/O; ${NO_IO}.` },
            { name: 'kafkajs', message: `${NO_IO}.` },
            { name: 'express', message: `${NO_IO}.` },
            {
              name: '@dapr/dapr',
              importNames: ['DaprClient', 'DaprServer', 'DaprWorkflowClient', 'WorkflowRuntime'],
              allowTypeImports: true,
              message: `Dapr clients and runtimes do I/O; ${NO_IO}.`,
            },
          ],
          patterns: [
            { group: ['node:*'], message: `Node built-in; ${NO_IO}.` },
            { group: ['@ticket-saga/service-kit/*', 'kafkajs/*', 'express/*'], message: `${NO_IO}.` },
            { regex: '(^|/)adapters(/|$)', message: `adapters do I/O; ${NO_IO}.` },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: `${NO_TIMERS}.` },
        { name: 'setInterval', message: `${NO_TIMERS}.` },
        { name: 'setImmediate', message: `${NO_TIMERS}.` },
        { name: 'clearTimeout', message: `${NO_TIMERS}.` },
        { name: 'clearInterval', message: `${NO_TIMERS}.` },
        { name: 'clearImmediate', message: `${NO_TIMERS}.` },
        { name: 'fetch', message: `${NO_IO}.` },
        { name: 'process', message: `${NO_PROCESS}.` },
        { name: 'performance', message: `${NO_CLOCK}.` },
        { name: 'crypto', message: `${NO_RANDOM}.` },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: `Date.now() reads the clock; ${NO_CLOCK}.` },
        { object: 'Math', property: 'random', message: `Math.random() differs on replay; ${NO_RANDOM}.` },
        { object: 'globalThis', message: `${REPLAYED}: reach no ambient globals.` },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: `new Date() reads the clock; ${NO_CLOCK}.` },
        { selector: "CallExpression[callee.name='Date']", message: `Date() reads the clock; ${NO_CLOCK}.` },
        { selector: 'ImportExpression', message: `dynamic import(); ${NO_IO}.` },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
]);
