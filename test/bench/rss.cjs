// Preloaded into benchmarked processes: reports peak resident memory when the process exits.
process.on('exit', () => process.stderr.write(`maxRSS=${process.resourceUsage().maxRSS}\n`));
