// `npm run trino:stop`: stops the local Trino server that `npm run trino:start` started.
import { stop } from './server.ts';

console.log((await stop()) ? 'trino: stopped' : 'trino: not running');
