// Entry of a render worker thread (render-pool.ts). Plain JS because a worker starts with none of the
// parent's loaders on Node 20: it registers tsx itself, then loads the TypeScript worker body.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker-main.ts');
