// The path template language (beets' syntax): the parsed shape, the evaluation context and the
// function signature plugins implement. Every node keeps its source span so the settings UI can
// point at the exact characters an error or a highlight refers to.

/** Literal text, already unescaped (`$$` is stored as `$`). */
interface TextNode {
  kind: 'text';
  text: string;
  start: number;
  end: number;
}

/** `$name` or `${name}`. `source` is the original spelling, rendered as-is when the field is unknown. */
interface FieldNode {
  kind: 'field';
  name: string;
  source: string;
  start: number;
  end: number;
}

/** `%name{arg,arg}`. `%name{}` has one empty argument, as in beets. */
export interface CallNode {
  kind: 'call';
  name: string;
  args: Template[];
  source: string;
  start: number;
  end: number;
  /** Span of `%name` alone, for "unknown function" and arity errors. */
  nameEnd: number;
}

export type TemplateNode = TextNode | FieldNode | CallNode;

/** A parsed template (or one argument of a call). Offsets are into the whole source string. */
export interface Template {
  nodes: TemplateNode[];
  start: number;
  end: number;
}

/** A syntax or validation problem: `position`/`length` are character offsets into the source. */
export interface TemplateError {
  message: string;
  position: number;
  length: number;
}

/** `warnings`: what beets keeps in the path as written (a stray `}`, unknown functions), in source order. */
export type TemplateParse = { ok: true; template: Template; warnings: TemplateError[] } | { ok: false; error: TemplateError };

/** What `%aunique{keys,disambiguators,brackets}` / `%sunique{…}` ask the planner, defaults applied. */
export interface UniqueRequest {
  /** Fields that make two releases "the same" (default `albumartist album`). */
  keys: string[];
  /** Fields tried in order to tell them apart (default `albumtype year label catalognum albumdisambig releasegroupdisambig`). */
  disambiguators: string[];
  /** Left and right bracket, or null for none (beets: an explicitly empty third argument). */
  brackets: readonly [string, string] | null;
}

export interface TemplateContext {
  /**
   * The value of a field, already path-safe. Return `undefined` only for names that are not fields
   * at all (the template then shows `$name` literally, like beets); return '' for a known field
   * that is empty on this recording. `%ifdef` tests exactly this distinction.
   */
  field(name: string): string | undefined;
  functions: TemplateFunctions;
  /**
   * Album disambiguation, supplied by the planner (it alone sees every release). Returns the
   * suffix including its leading space (" [1999]") or ''. Without it `%aunique{}` renders ''.
   * `disambiguate()` in aunique.ts implements beets' algorithm for it.
   */
  aunique?(request: UniqueRequest): string;
  /** Same as `aunique` for singletons (`%sunique{}`, defaults `artist title` / `year trackdisambig`). */
  sunique?(request: UniqueRequest): string;
}

/** Bounds on the number of arguments, checked at parse time when the function map is known. */
interface Arity {
  min: number;
  max: number;
}

/** Arguments are rendered first, as in beets. A thrown error renders as `<message>`, as in beets. */
type EagerFunction = (args: string[], ctx: TemplateContext) => string;

interface EagerFunctionSpec {
  lazy?: false;
  arity?: Arity;
  call: EagerFunction;
}

/** Receives its arguments unrendered; render the ones it needs with `renderTemplate(arg, ctx)`. */
interface LazyFunctionSpec {
  lazy: true;
  arity?: Arity;
  call(args: readonly Template[], ctx: TemplateContext): string;
}

export type TemplateFunction = EagerFunction | EagerFunctionSpec | LazyFunctionSpec;

/** The function table; plugins extend it by building a new Map that includes these entries. */
export type TemplateFunctions = ReadonlyMap<string, TemplateFunction>;
