// The Athena adapter of the Engine port (cloud). Local code uses lib/engines/duckdb instead.
export { AthenaEngine, AthenaQueryError, clientRequestToken, type AthenaEngineOptions, type AthenaQueryState } from './athena-engine.ts';
export { trinoLiteral, countPlaceholders } from './params.ts';
export { convertValue } from './convert.ts';
