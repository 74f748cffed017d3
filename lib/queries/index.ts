// Every metric as SQL written once (Athena dialect + named per-engine fragments), rendered per engine.
export { FRAGMENTS, type Fragments } from './fragments.ts';
export { render, placeholders, type QueryDef, type Values } from './render.ts';
export { type Grain, type Shape, shapeName } from './shape.ts';
export { baseSelect } from './base.ts';
export { volumeQuery } from './volume.ts';
export { patientsQuery, cliniciansQuery } from './senders.ts';
export { timeOfDayQuery } from './time-of-day.ts';
export { DELAY_BUCKETS, businessClock } from './response.ts';
export { conversationsQuery, type ConversationOptions } from './conversations.ts';
export { followHorizonQuery, followHorizonValues } from './follow.ts';
export { cutoffQuery, coverageQuery, departmentsQuery, lakeTotalsQuery, loadReasonsQuery, loadsQuery, loadTotalsQuery } from './meta.ts';
export * from './values.ts';
export { athenaProblems, DENY_LIST } from './deny-list.ts';
