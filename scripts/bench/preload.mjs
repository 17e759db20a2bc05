// Preloaded into the measured action process (`node --import <this file> index.js`): when the process
// exits, it writes its own resource usage (getrusage: peak RSS, user and system CPU time) to the file
// named by BENCH_USAGE_FILE. Loading it costs well under a millisecond; it does nothing else.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    // maxRSS is in kilobytes (getrusage ru_maxrss on Linux).
    writeFileSync(file, JSON.stringify({ maxRssKb: usage.maxRSS, userCpuUs: usage.userCPUTime, systemCpuUs: usage.systemCPUTime }));
  });
}
