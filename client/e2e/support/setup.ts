// A real server and browser on a shared 2-core machine: the root config's 30 s per test is too tight,
// and jest reads testTimeout from the root config only, not from a project's.
jest.setTimeout(120_000);
