import { run } from './main.js';

run().catch((error: unknown) => {
  // run() reports its own failures; this is for a bug that escapes it.
  process.exitCode = 1;
  console.error(`::error::Unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
});
