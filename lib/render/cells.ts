// Printing model values. The report model has already decided what may be shown and formatted it;
// these helpers only choose markup around the final `text` (never reformat or recompute it).
import type { ChangeModel, ComparisonModel, DisplayCell } from '../report/model-types.ts';
import { html, type Html } from './html.ts';

/** The cell's final text, marked (for pages) as suppressed when it is. */
export function cellText(cell: DisplayCell): Html {
  if (!cell.suppressed) return html`${cell.text}`;
  return html`<span class="suppressed" title="${suppressedTitle(cell)}">${cell.text}</span>`;
}

function suppressedTitle(cell: DisplayCell): string {
  switch (cell.reason) {
    case 'small':
      return 'A small count, not shown for privacy';
    case 'complementary':
      return 'Not shown, so that a small count cannot be worked out from the total';
    case 'derived':
      return 'Not shown, because a count it depends on is not shown';
    default:
      return 'Not shown';
  }
}

/** An arrow for the direction (decorative: the words say the same). */
export function arrow(change: ChangeModel): string {
  switch (change.direction) {
    case 'up':
      return '▲';
    case 'down':
      return '▼';
    case 'same':
      return '■';
    default:
      return '';
  }
}

/** "better" / "worse" in words, so good or bad news is never told by colour alone. */
export function assessmentWord(change: ChangeModel): string | null {
  if (change.assessment === 'better') return 'better';
  if (change.assessment === 'worse') return 'worse';
  return null;
}

/** Colours that only repeat what the words say (and keep 4.5:1 contrast on white). */
export function assessmentColour(change: ChangeModel): string {
  if (change.assessment === 'better') return '#1b6e31';
  if (change.assessment === 'worse') return '#a4262c';
  return '#444b55';
}

/** One comparison as a plain sentence, e.g. "3.4 points higher than May 2017 (68.8%): better." */
export function comparisonSentence(c: ComparisonModel): string {
  const word = assessmentWord(c.change);
  return word ? `${c.change.sentence.replace(/\.$/, '')}: ${word}.` : c.change.sentence;
}
