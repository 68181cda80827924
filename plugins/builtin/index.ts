// Music Organizer's own behaviour, registered through the same plugin API a stranger would use.
import { builtinClassifiers, builtinFunctions, builtinPresets, type OrganizerPlugin } from '../../src/core/plugin-api.ts';
import { builtinFields, builtinQueryFields } from './fields.ts';

export const builtinPlugin: OrganizerPlugin = {
  id: 'builtin',
  name: 'Music Organizer built-ins',
  fields: builtinFields,
  queryFields: builtinQueryFields,
  templateFunctions: Object.fromEntries(builtinFunctions),
  classifiers: [...builtinClassifiers],
  presets: [...builtinPresets],
};
