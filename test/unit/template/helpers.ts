import { builtinFunctions, parseTemplate, renderTemplate } from '../../../src/core/template/index.ts';
import type { Template, TemplateContext, TemplateFunctions } from '../../../src/core/template/index.ts';

export function parsed(source: string, functions: TemplateFunctions = builtinFunctions): Template {
  const result = parseTemplate(source, { functions });
  if (!result.ok) throw new Error(`${result.error.message} at ${result.error.position}`);
  return result.template;
}

export function context(
  fields: Record<string, string>,
  extra: Partial<TemplateContext> = {},
): TemplateContext {
  return {
    field: (name) => (Object.hasOwn(fields, name) ? fields[name] : undefined),
    functions: builtinFunctions,
    ...extra,
  };
}

/** Parse with the built-ins and render against plain field values. */
export function render(source: string, fields: Record<string, string> = {}, extra: Partial<TemplateContext> = {}): string {
  const ctx = context(fields, extra);
  return renderTemplate(parsed(source, ctx.functions), ctx);
}
