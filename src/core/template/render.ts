// Evaluates a parsed template the way beets does: unknown fields and functions stay as they were
// written, and a function that throws renders as `<message>` so the problem shows in the preview
// instead of aborting a whole plan.

import type { Template, TemplateContext, TemplateFunction, TemplateNode } from './types.ts';

/** Thrown by built-in functions for bad arguments; its message is what the path shows. */
export class TemplateFunctionError extends Error {
  override name = 'TemplateFunctionError';
}

function callFunction(fn: TemplateFunction, args: readonly Template[], ctx: TemplateContext): string {
  if (typeof fn === 'function') return String(fn(args.map((arg) => renderTemplate(arg, ctx)), ctx));
  if (fn.arity && (args.length < fn.arity.min || args.length > fn.arity.max)) {
    throw new TemplateFunctionError(`expected ${fn.arity.min}..${fn.arity.max} arguments, got ${args.length}`);
  }
  if (fn.lazy) return String(fn.call(args, ctx));
  return String(fn.call(args.map((arg) => renderTemplate(arg, ctx)), ctx));
}

function renderNode(node: TemplateNode, ctx: TemplateContext): string {
  switch (node.kind) {
    case 'text':
      return node.text;
    case 'field':
      return ctx.field(node.name) ?? node.source;
    case 'call': {
      const fn = ctx.functions.get(node.name);
      if (!fn) return node.source;
      try {
        return callFunction(fn, node.args, ctx);
      } catch (error) {
        return `<${error instanceof Error ? error.message : String(error)}>`;
      }
    }
  }
}

export function renderTemplate(template: Template, ctx: TemplateContext): string {
  let out = '';
  for (const node of template.nodes) out += renderNode(node, ctx);
  return out;
}
