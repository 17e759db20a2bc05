// Preloaded into the measured action process (`node --import <this file> index.js`): when the process
// exits, it writes its own resource usage (getrusage: peak RSS, user and system CPU time) and the
// largest heap left live by a full garbage collection to the file named by BENCH_USAGE_FILE. Loading
// it costs well under a millisecond; it does nothing else.
import { writeFileSync } from 'node:fs';
import { GCProfiler } from 'node:v8';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  // What survives a full (mark-sweep-compact) collection is what the process still holds, unlike the
  // peak RSS, which also counts garbage not yet collected and the room V8 sized its heap to.
  const gc = new GCProfiler();
  gc.start();
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const full = gc.stop().statistics.filter((s) => s.gcType === 'MarkSweepCompact');
    const liveHeapKb = full.length > 0 ? Math.max(...full.map((s) => s.afterGC.heapStatistics.usedHeapSize)) / 1024 : undefined;
    // maxRSS is in kilobytes (getrusage ru_maxrss on Linux).
    writeFileSync(
      file,
      JSON.stringify({ maxRssKb: usage.maxRSS, userCpuUs: usage.userCPUTime, systemCpuUs: usage.systemCPUTime, ...(liveHeapKb === undefined ? {} : { liveHeapKb }) }),
    );
  });
}
