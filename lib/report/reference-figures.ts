// The published study's headline figures, copied from /work/shared/spec/reference-figures.md (Mayo Clinic,
// Rochester; secure messages 2010-2017; over 5 million messages). The study page prints them beside this
// data's own figures. Text is as published; n/N kept as numbers where the study gave them.
export const PUBLISHED_FIGURES = {
  source: 'reference-figures.md: the published study (secure messages 2010-2017, over 5 million messages)',
  replied_within_1d: { n: 1_272_069, N: 1_761_739, text: '72.2% (1,272,069/1,761,739)' },
  /** The study gives n only approximately ("about 1,596,000"). */
  replied_within_3d: { n: null, approximateN: 1_596_000, N: 1_761_739, text: '90.6% (about 1,596,000/1,761,739)' },
  threads_within_4_rounds: { n: 1_499_316, N: 1_576_205, text: '95.1% (1,499,316/1,576,205)' },
  physician_evening: { n: 95_785, N: 1_377_006, text: '7.0% (95,785/1,377,006)' },
  np_pa_evening: { n: 22_121, N: 408_526, text: '5.4% (22,121/408,526)' },
  growth_categories: {
    categories: ['physician/primary_care', 'registered_nurse/specialty', 'physician/specialty'],
    text: 'physician / primary care, registered nurse / specialty, physician / specialty',
  },
  heaviest_workload: {
    categories: ['np_pa/primary_care', 'physician/primary_care'],
    text: 'np_pa / primary care, physician / primary care',
  },
  busiest_hours: { text: 'between 7 AM and 5 PM' },
} as const;
