// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies and in greyscale print.
// Charts never rely on colour alone: series also differ by dash and point shape, and every chart has
// alt text and a data table beside it.
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#999999', '#F0E442'] as const;
export const DASHES: number[][] = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [1, 3],
];
export const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross'] as const;

/** Width of every chart in CSS pixels: fits a 600 px email column with its padding. */
export const EMAIL_WIDTH = 560;
