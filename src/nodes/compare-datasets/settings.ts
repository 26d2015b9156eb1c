/** The Compare Datasets settings the comparison needs, read per version by the node. */
export interface CompareSettings {
  readonly typeVersion: number;
  /** preferInput1 | preferInput2 | mix | includeBoth */
  readonly resolve: string;
  readonly preferWhenMix: string;
  readonly exceptWhenMix: string;
  readonly fuzzyCompare: boolean;
  readonly disableDotNotation: boolean;
  /** first | all */
  readonly multipleMatches: string;
  /** `options.skipFields` split on commas and trimmed (n8n keeps a lone '' when the option is empty). */
  readonly skipFields: readonly string[];
}
