// One jest run for every workspace. TypeScript is transformed by swc (types are checked by tsc in
// `npm test` first); @parley/shared maps to its sources so unit tests never need a build. The
// client's component tests run in jsdom; its browser tests (client/e2e) drive real Chromium.
const shared = { '^@parley/shared$': '<rootDir>/shared/src/index.ts' };
const swc = (tsx) => ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx }, transform: { react: { runtime: 'automatic' } } } }];

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/shared', '<rootDir>/server', '<rootDir>/flows'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      transform: { '^.+\\.ts$': swc(false) },
      moduleNameMapper: shared,
    },
    {
      displayName: 'client',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/client/src'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      transform: { '^.+\\.tsx?$': swc(true) },
      moduleNameMapper: { ...shared, '\\.css$': '<rootDir>/client/src/test/style-stub.cjs' },
      setupFilesAfterEnv: ['<rootDir>/client/src/test/setup.ts'],
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      roots: ['<rootDir>/client/e2e'],
      testMatch: ['**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/client/e2e/support/setup.ts'],
      transform: { '^.+\\.ts$': swc(false) },
      moduleNameMapper: shared,
    },
  ],
};
