/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // Jest 29 would load this package's ESM build as CommonJS; its CommonJS build works in both modes.
    '^aws-sdk-client-mock-jest$': '<rootDir>/node_modules/aws-sdk-client-mock-jest/dist/cjs/jest.js',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json', diagnostics: false }],
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  collectCoverageFrom: ['src/**/*.ts'],
  // `npm test -- --coverage` fails when coverage drops below these. The pure core is tested directly.
  // `global` counts the files outside src/core only (Jest leaves out files a path threshold covers): the
  // flows and steps there also run through the bundle in the e2e tests, which in-process coverage cannot see.
  coverageThreshold: {
    './src/core/': { lines: 95, statements: 95, functions: 95, branches: 90 },
    global: { lines: 75, statements: 75, functions: 75, branches: 65 },
  },
  testTimeout: 30000,
};
