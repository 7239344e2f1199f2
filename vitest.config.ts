import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    pool: 'forks',
    // Tests never read or write the user's device cache (auto's measured choice).
    env: { SEEDLOOP_CACHE_DIR: join(tmpdir(), `seedloop-test-cache-${process.pid}`) },
  },
});
