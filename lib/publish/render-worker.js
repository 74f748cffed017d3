// Entry of a render worker thread (render-pool.ts). Plain JS because a worker starts with none of the
// parent's loaders: on a Node that strips TypeScript itself (24) it loads the worker body as it is;
// on an older one it registers tsx first. Each worker also turns on Node's compile cache, as bin/portal-pulse.js
// does (a worker does not inherit it): its render stack is then read compiled from disk.
import module from 'node:module';

try {
  module.enableCompileCache?.();
} catch {
  // Only slower without it.
}
if (!process.features.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import('./render-worker-main.ts');
