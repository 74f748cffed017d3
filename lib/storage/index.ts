// The Storage port and its local adapter. The S3 adapter is imported from './s3-storage.ts' directly,
// so local code never loads the AWS SDK.
export type { Storage } from './storage.ts';
export { FsStorage, compareKeys } from './fs-storage.ts';
export { StorageKeyError, assertValidKey, assertValidPrefix } from './keys.ts';
