export * from './user-error.ts';
