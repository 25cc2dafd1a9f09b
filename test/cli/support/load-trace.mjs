// Preloaded with `node --import`: records every module URL the process loads into $SHOPCTL_LOAD_TRACE.
import { register } from 'node:module';

register(new URL('./load-trace-hooks.mjs', import.meta.url), {
  data: { logFile: process.env.SHOPCTL_LOAD_TRACE },
});
