// Every metric as SQL written once (Athena dialect + named per-engine fragments), rendered per engine.
export { FRAGMENTS, type Fragments } from './fragments.ts';
export { render, placeholders, type Values } from './render.ts';
export { type ColumnType, type Columns, type ParamType, type Params, type QueryDef, columnList } from './contract.ts';
export { checkRows, TypedRow, type NumericColumn, type TextColumn } from './rows.ts';
export { type Grain, type Shape, shapeName } from './shape.ts';
export { baseSelect } from './base.ts';
export { type BaseOptions, type QueryPart, standalone } from './part.ts';
export { type CombinedQuery, combine, PART_KEY_COLUMN, splitRows } from './combine.ts';
export { volumeQuery, type VolumeColumns } from './volume.ts';
export { patientsQuery, cliniciansQuery, type CliniciansColumns, type PatientsColumns } from './senders.ts';
export { timeOfDayQuery, type TimeOfDayColumns } from './time-of-day.ts';
export { DELAY_BUCKETS, businessClock } from './response.ts';
export { conversationsQuery, type ConversationColumns, type ConversationOptions, type DelayColumn } from './conversations.ts';
export { type StudyParts, studyCountsQuery } from './study.ts';
export { followHorizonQuery, followHorizonValues } from './follow.ts';
export { departmentsQuery, lakeSummaryQuery, loadReasonsQuery, loadsQuery, loadTotalsQuery } from './meta.ts';
export * from './values.ts';
export { athenaProblems, DENY_LIST } from './deny-list.ts';
