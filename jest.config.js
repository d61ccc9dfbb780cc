/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Integration tests start emulators; infra tests synthesise stacks. Two workers fit 2 cores.
  maxWorkers: 2,
  testTimeout: 60000,
};
