// "Your current layout": the path rules layout inference found in the library itself
// (layout-inference.ts, in the planner worker), as the page shows and offers them. Kept apart
// from the inference so the page imports only this.
import type { PathPreset } from './template/index.ts';

export interface CurrentLayout {
  /** Path rules (beets' `paths:` syntax) that reproduce the library's tree. */
  rules: string;
  /** Audio files already where the rules put them. */
  matching: number;
  /** Every readable audio file of the library. */
  total: number;
  /** A few files already where the rules put them, from different folders. */
  examples: string[];
}

export const CURRENT_LAYOUT_ID = 'current-layout';

/** The share of files that already match, in whole percent, rounded down so it never says 100% before it is. */
export function layoutPercent(layout: CurrentLayout): number {
  return Math.floor((100 * layout.matching) / layout.total);
}

/** "Your current layout", as the settings screen lists presets. */
export function currentLayoutPreset(layout: CurrentLayout): PathPreset {
  const example = layout.examples[0];
  return {
    id: CURRENT_LAYOUT_ID,
    name: 'Your current layout',
    description:
      `The layout your library already has: ${layoutPercent(layout)}% of your files already match it` +
      `${example ? ` (like ${example})` : ''}. Found in the folders whose files agree with their tags.`,
    rules: layout.rules,
  };
}
