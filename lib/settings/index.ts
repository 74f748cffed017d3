export * from './settings.ts';
export * from './validate.ts';
export * from './load.ts';
