// One jest run for every workspace. TypeScript is transformed by swc (types are checked by `tsc -b`
// in `npm run build`, which `npm test` runs first); @parley/shared maps to its sources so unit
// tests never need a build.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/shared', '<rootDir>/server', '<rootDir>/flows'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleNameMapper: { '^@parley/shared$': '<rootDir>/shared/src/index.ts' },
  testTimeout: 30000,
};
