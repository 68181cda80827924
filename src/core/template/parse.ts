// A parser for beets' path template syntax, following beets/util/functemplate.py token for token
// so that pasted beets formats mean the same thing. What beets keeps in the path as written, a
// stray `}` (with everything after it) and unknown functions, is kept too, with a warning the
// editor shows. Unclosed braces, which beets also keeps, are errors here instead: the user is
// typing into a settings field and can fix them right away (see docs/templates.md).

import type {
  CallNode,
  Template,
  TemplateError,
  TemplateFunction,
  TemplateFunctions,
  TemplateNode,
  TemplateParse,
} from './types.ts';

export interface ParseOptions {
  /**
   * The functions a template may call. Without it any `%name{…}` is accepted silently. With it an
   * unknown function is a warning (it renders as written, as in beets), and with a map the
   * argument count is checked too, for functions that declare an arity.
   */
  functions?: ReadonlySet<string> | TemplateFunctions;
}

// Python's `\w` under Unicode: letters, digits and underscore.
const IDENT = /[\p{L}\p{N}_]*/uy;
const ESCAPABLE = new Set(['$', '%', '}', ',']);

class SyntaxFailure {
  constructor(readonly error: TemplateError) {}
}

class Parser {
  pos = 0;
  constructor(readonly source: string) {}

  parseExpression(inArgument: boolean): Template {
    const { source } = this;
    const nodes: TemplateNode[] = [];
    const start = this.pos;
    const isSpecial = (c: string): boolean =>
      c === '$' || c === '%' || c === '{' || c === '}' || (inArgument && c === ',');
    const isTerminator = (c: string): boolean => c === '}' || (inArgument && c === ',');
    const pushText = (text: string, from: number, to: number): void => {
      const last = nodes.at(-1);
      if (last?.kind === 'text' && last.end === from) {
        last.text += text;
        last.end = to;
      } else {
        nodes.push({ kind: 'text', text, start: from, end: to });
      }
    };

    while (this.pos < source.length) {
      const at = this.pos;
      const char = source[at] as string;
      if (!isSpecial(char)) {
        let next = at + 1;
        while (next < source.length && !isSpecial(source[next] as string)) next++;
        pushText(source.slice(at, next), at, next);
        this.pos = next;
        continue;
      }
      if (at === source.length - 1) {
        // The last character cannot open a structure, so it is literal unless it ends the expression.
        if (!isTerminator(char)) {
          pushText(char, at, at + 1);
          this.pos++;
        }
        break;
      }
      const nextChar = source[at + 1] as string;
      if (char === '$' && ESCAPABLE.has(nextChar)) {
        pushText(nextChar, at, at + 2);
        this.pos += 2;
        continue;
      }
      if (char === '$') {
        const node = this.parseField();
        if (typeof node === 'string') pushText(node, at, this.pos);
        else nodes.push(node);
      } else if (char === '%') {
        const node = this.parseCall();
        if (typeof node === 'string') pushText(node, at, this.pos);
        else nodes.push(node);
      } else if (isTerminator(char)) {
        break;
      } else {
        pushText(char, at, at + 1); // `{` means nothing on its own
        this.pos++;
      }
    }
    return { nodes, start, end: this.pos };
  }

  /** At `$` with at least one character after it. Returns plain text when it is no field. */
  private parseField(): TemplateNode | string {
    const { source } = this;
    const start = this.pos;
    if (source[start + 1] === '{') {
      const closer = source.indexOf('}', start + 2);
      if (closer === -1) {
        throw new SyntaxFailure({ message: 'Unclosed "${": add "}" after the field name', position: start, length: 2 });
      }
      if (closer === start + 2) {
        throw new SyntaxFailure({ message: 'Empty field name in "${}"', position: start, length: 3 });
      }
      this.pos = closer + 1;
      return { kind: 'field', name: source.slice(start + 2, closer), source: source.slice(start, this.pos), start, end: this.pos };
    }
    this.pos = start + 1;
    const name = this.ident();
    if (!name) return '$';
    return { kind: 'field', name, source: source.slice(start, this.pos), start, end: this.pos };
  }

  /** At `%`. Without a name or an opening brace it is plain text, as in beets ("100% live"). */
  private parseCall(): CallNode | string {
    const { source } = this;
    const start = this.pos;
    this.pos++;
    const name = this.ident();
    const nameEnd = this.pos;
    if (!name || this.pos >= source.length || source[this.pos] !== '{') return source.slice(start, this.pos);
    this.pos++;
    const args: Template[] = [];
    while (this.pos < source.length) {
      args.push(this.parseExpression(true));
      if (this.pos >= source.length || source[this.pos] === '}') break;
      this.pos++; // the `,` between arguments
    }
    if (this.pos >= source.length) {
      throw new SyntaxFailure({
        message: `Unclosed "%${name}{": add "}" after its arguments`,
        position: start,
        length: nameEnd + 1 - start,
      });
    }
    this.pos++;
    return { kind: 'call', name, args, source: source.slice(start, this.pos), start, end: this.pos, nameEnd };
  }

  private ident(): string {
    IDENT.lastIndex = this.pos;
    const name = IDENT.exec(this.source)?.[0] ?? '';
    this.pos += name.length;
    return name;
  }
}

/** Parse a template. Never throws: malformed input comes back as an error with its position. */
export function parseTemplate(source: string, options: ParseOptions = {}): TemplateParse {
  const parser = new Parser(source);
  let template: Template;
  try {
    template = parser.parseExpression(false);
  } catch (failure) {
    if (failure instanceof SyntaxFailure) return { ok: false, error: failure.error };
    throw failure;
  }
  const warnings: TemplateError[] = [];
  if (parser.pos < source.length) {
    // Only a `}` stops the top level early. beets keeps it and the rest of the template as written.
    const at = parser.pos;
    template.nodes.push({ kind: 'text', text: source.slice(at), start: at, end: source.length });
    template.end = source.length;
    warnings.push({ message: 'Unmatched "}": it and everything after it stay as written, as in beets (write "$}" for a brace)', position: at, length: 1 });
  }
  if (options.functions) {
    const error = checkTemplate(template, options.functions);
    if (error) return { ok: false, error };
    warnings.unshift(...unknownFunctions(template, options.functions));
  }
  return { ok: true, template, warnings };
}

/** Calls to functions that do not exist: beets keeps them in the path as written. */
export function unknownFunctions(template: Template, functions: ReadonlySet<string> | TemplateFunctions): TemplateError[] {
  const found: TemplateError[] = [];
  for (const node of template.nodes) {
    if (node.kind !== 'call') continue;
    if (!functions.has(node.name)) {
      const message = `Unknown function "%${node.name}": it stays in the path as written, as in beets`;
      found.push({ message, position: node.start, length: node.nameEnd - node.start });
    } else for (const arg of node.args) found.push(...unknownFunctions(arg, functions));
  }
  return found;
}

function arityOf(fn: TemplateFunction | undefined): { min: number; max: number } | undefined {
  return fn && typeof fn !== 'function' ? fn.arity : undefined;
}

function describeArity(min: number, max: number): string {
  const count = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  return `${count} argument${min === max && min === 1 ? '' : 's'}`;
}

/** The first call (in source order) to a known function with a wrong argument count. */
export function checkTemplate(
  template: Template,
  functions: ReadonlySet<string> | TemplateFunctions,
): TemplateError | undefined {
  for (const node of template.nodes) {
    if (node.kind !== 'call' || !functions.has(node.name)) continue; // unknown: kept as written, arguments unread
    const arity = 'get' in functions ? arityOf(functions.get(node.name)) : undefined;
    // `%f{}` passes one empty argument, so a minimum of 0 and of 1 look the same here.
    if (arity && (node.args.length < arity.min || node.args.length > arity.max)) {
      return {
        message: `"%${node.name}" takes ${describeArity(arity.min, arity.max)}, got ${node.args.length}`,
        position: node.start,
        length: node.nameEnd - node.start,
      };
    }
    for (const arg of node.args) {
      const error = checkTemplate(arg, functions);
      if (error) return error;
    }
  }
  return undefined;
}

/** Template source that renders exactly `text`: for inserting literal text from the UI. */
export function escapeTemplateText(text: string): string {
  return text.replace(/[$%}]/g, (char) => `$${char}`);
}

/** Every field name a template reads (including inside function arguments). */
export function templateFields(template: Template, into: Set<string> = new Set()): Set<string> {
  for (const node of template.nodes) {
    if (node.kind === 'field') into.add(node.name);
    else if (node.kind === 'call') for (const arg of node.args) templateFields(arg, into);
  }
  return into;
}
