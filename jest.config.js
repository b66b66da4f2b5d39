/**
 * Test layers, each with its own npm script (see package.json) selecting one project by name.
 * TypeScript runs as native ES modules (Node's --experimental-vm-modules), compiled by SWC:
 * types are checked by `npm run lint`, not here.
 */
const typescript = {
  testEnvironment: 'node',
  // Only the code: the data and run folders of the local stack hold many thousands of files.
  roots: ['<rootDir>/apps', '<rootDir>/packages', '<rootDir>/tools', '<rootDir>/tests'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' }, sourceMaps: 'inline' }],
  },
  // Sources import each other as `./x.js` (NodeNext); under test the `.ts` file is meant.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

/**
 * The real local stack is shared: its layers run one file at a time, with longer timeouts
 * (`--runInBand`, `--testTimeout` in package.json: jest takes the timeout for a whole run only).
 */
const onTheStack = {
  ...typescript,
  globalSetup: '<rootDir>/tests/integration/global-setup.ts',
  globalTeardown: '<rootDir>/tests/integration/global-teardown.ts',
};

export default {
  projects: [
    {
      ...typescript,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,packages,tools}/*/src/**/*.test.ts'],
      testPathIgnorePatterns: [...typescript.testPathIgnorePatterns, '\\.workflow\\.test\\.ts$'],
    },
    { ...typescript, displayName: 'workflow', testMatch: ['<rootDir>/apps/orchestrator/src/**/*.workflow.test.ts'] },
    { ...onTheStack, displayName: 'integration', testMatch: ['<rootDir>/tests/integration/**/*.test.ts'] },
    { ...onTheStack, displayName: 'security', testMatch: ['<rootDir>/tests/security/**/*.test.ts'] },
    { ...onTheStack, displayName: 'faults', testMatch: ['<rootDir>/tests/faults/**/*.test.ts'] },
    // Pods that `tilt ci` left running on a kind cluster (scripts/k8s/test-cluster.sh), not the local stack.
    { ...typescript, displayName: 'cluster', testMatch: ['<rootDir>/tests/cluster/**/*.test.ts'] },
  ],
  collectCoverageFrom: ['{apps,packages,tools}/*/src/**/*.ts', '!**/*.test.ts', '!**/testing/**'],
  coverageProvider: 'v8',
  coverageReporters: ['text-summary'],
};
