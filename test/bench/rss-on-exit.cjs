// Preloaded into a measured child process: prints its peak resident set size (kB) to stderr at exit.
process.on('exit', () => process.stderr.write(`\nmaxrss_kb=${process.resourceUsage().maxRSS}\n`));
