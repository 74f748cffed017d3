// Entry of a render worker thread (render-pool.ts). Plain JS because a worker starts with none of the
// parent's loaders: on a Node that strips TypeScript itself (24) it loads the worker body as it is;
// on an older one it registers tsx first.
if (!process.features.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import('./render-worker-main.ts');
