// Months: the "YYYY-MM" pattern and the month-index arithmetic everything else uses. Pure; imports nothing.
export {
  addMonths,
  isMonth,
  localMonth,
  monthIndex,
  monthOfIndex,
  monthOfYear,
  monthStartUtc,
  previousMonth,
  yearOfIndex,
} from './month.ts';
