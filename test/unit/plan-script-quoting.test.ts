// Hostile names against the quoting of both exported scripts.
// sh: the real /bin/sh (dash) prints every quoted name back, and the bytes must be the name's.
// PowerShell: pwsh is not in Debian, so the quoting is checked against PowerShell's own rules for
// single-quoted strings (any of ' ‘ ’ ‚ ‛ ends one; two in a row stand for the second), read by
// the small reader below; if pwsh is on PATH, the script is also run for real.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Operation } from '../../src/core/model.ts';
import { journalSteps } from '../../src/core/steps.ts';
import { scriptPlan } from '../../src/core/plan-script.ts';
import { shQuote } from '../../src/core/plan-script-sh.ts';
import { BYTE_ORDER_MARK, powerShellScript, powerShellUndoScript, psQuote } from '../../src/core/plan-script-ps.ts';
import { readDiskTree, writeDiskTree } from '../support/disk-tree.ts';

const HOSTILE = [
  "'", '"', '$', '`', '\\', '\n', '\r', '\r\n', '\t', '\0', ' ', '-', '--', '-rf', '*', '?', '[', ']', '!', '#', '&', ';', '|', '<', '>', '(', ')',
  '{', '}', '%', ':', '@', "'@", "@'", '$(id)', '`id`', '${HOME}', '$env:PATH', "'\\''", '\u2018', '\u2019', '\u201a', '\u201b', '\u201c', '\u201d',
  'é', 'e\u0301', '日本', '🎵', '\u2028', '\u2029', '\u0085', '\u00a0', '\u202e', '\ufeff', 'CON', 'a:b', 'x.', ' ',
];
const textArb = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 6 })
  .map((pieces) => pieces.join(''));

const seed = Number(process.env.FC_SEED ?? 20261124);
const seeds = [seed, seed + 1, seed + 2];

describe('sh quoting, by the real /bin/sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sh-quote-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const s of seeds) {
    it(`every name arrives byte for byte (seed ${s})`, () => {
      fc.assert(
        fc.property(fc.array(textArb.map((t) => t.replaceAll('\0', '')), { minLength: 1, maxLength: 16 }), (names) => {
          // A script file, as the user runs it: the shell reads the quoted words from a file.
          const script = join(dir, 'quote.sh');
          writeFileSync(script, `printf '%s\\0' ${names.map(shQuote).join(' ')}\n`);
          const run = spawnSync('/bin/sh', [script]);
          expect(run.stderr.toString()).toBe('');
          expect(run.stdout).toEqual(Buffer.concat(names.map((n) => Buffer.from(`${n}\0`))));
        }),
        { seed: s, numRuns: 30 },
      );
    }, 120_000);
  }
  it('is the usual single-quote form', () => {
    expect(shQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    expect(shQuote('')).toBe("''");
  });
});

const QUOTES = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);

/** One single-quoted literal at `i`, as PowerShell's tokenizer reads it. */
function readLiteral(text: string, i: number): { value: string; end: number } {
  let value = '';
  for (let at = i + 1; ; ) {
    const c = text[at];
    if (c === undefined) throw new Error(`unterminated literal from ${i}`);
    if (QUOTES.has(c)) {
      if (!QUOTES.has(text[at + 1] ?? '')) return { value, end: at + 1 };
      value += text[at + 1];
      at += 2;
      continue;
    }
    value += c;
    at++;
  }
}

/**
 * One argument as the generator writes it: a literal, or `(literal + [char]0x… + …)` starting with
 * a literal (so the sum is a string). Anything else — a variable, a backtick, a double quote — throws.
 */
function readPsArgument(text: string, i: number): { value: string; end: number } {
  if (QUOTES.has(text[i] ?? '')) return readLiteral(text, i);
  if (text[i] !== '(' || !QUOTES.has(text[i + 1] ?? '')) throw new Error(`not a quoted name at ${i}: ${text.slice(i, i + 20)}`);
  let value = '';
  for (let at = i + 1; ; ) {
    const char = /^\[char\]0x([0-9A-F]{2,4})/.exec(text.slice(at, at + 14));
    const piece = char ? { value: String.fromCharCode(parseInt(char[1]!, 16)), end: at + char[0].length } : QUOTES.has(text[at] ?? '') ? readLiteral(text, at) : undefined;
    if (!piece) throw new Error(`unexpected ${JSON.stringify(text.slice(at, at + 10))}`);
    value += piece.value;
    at = piece.end;
    if (text.startsWith(' + ', at)) at += 3;
    else if (text[at] === ')') return { value, end: at + 1 };
    else throw new Error(`unexpected ${JSON.stringify(text.slice(at, at + 10))}`);
  }
}

const move = (from: string, to: string): Operation => ({ kind: 'move', from, to, size: 1, lastModified: 0, reason: 'recording' });
const info = { libraryName: "Mus'ic\n$x", madeAt: new Date('2026-11-24T10:31:00Z') };
// eslint-disable-next-line no-control-regex
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

describe('PowerShell quoting, by the rules of its single-quoted strings (pwsh is not installed here)', () => {
  for (const s of seeds) {
    it(`every name reads back exactly, as one literal expression on one line (seed ${s})`, () => {
      fc.assert(
        fc.property(textArb, (name) => {
          const quoted = psQuote(name);
          expect(LINE_BREAKING.test(quoted)).toBe(false);
          const read = readPsArgument(quoted, 0);
          expect(read.end).toBe(quoted.length);
          expect(read.value).toBe(name);
        }),
        { seed: s, numRuns: 2000 },
      );
    });
  }

  it('doubles every kind of single quote and spells out line breaks', () => {
    expect(psQuote("it's")).toBe("'it''s'");
    expect(psQuote('a\u2019b')).toBe("'a\u2019\u2019b'");
    expect(psQuote('a\nb')).toBe("('a' + [char]0x0A + 'b')");
    expect(psQuote('\r')).toBe("('' + [char]0x0D)");
    expect(psQuote('$(x) `y` [z]*?')).toBe("'$(x) `y` [z]*?'");
  });

  for (const s of seeds) {
    it(`the whole script: BOM, literal names only, every step read back, the undo embedded exactly (seed ${s})`, () => {
      const pathArb = fc.tuple(textArb, textArb).map(([a, b]) => `${a.replace(/[/\0]/g, '_') || 'x'}/${b.replace(/[/\0]/g, '_') || 'y'}`);
      fc.assert(
        fc.property(fc.uniqueArray(pathArb, { minLength: 1, maxLength: 6, selector: (p) => p.toLowerCase() }), fc.boolean(), (paths, rotate) => {
          // A rotation (or a move to new names): temporary names and every hostile name in both columns.
          const moves = paths.map((p, i) => move(p, rotate ? paths[(i + 1) % paths.length]! : `New/${i} ${p}`));
          const { steps } = journalSteps({ operations: moves }, paths);
          const script = powerShellScript(steps, info);
          expect(script.startsWith(BYTE_ORDER_MARK)).toBe(true);
          expect(script).not.toMatch(/\s-Path\b|Invoke-Expression|\biex\b|Move-Item|Remove-Item|New-Item|Test-Path|Get-Item|Set-Location|Rename-Item/);

          const plan = scriptPlan(steps);
          const lines = script.split('\n');
          const undoStart = lines.indexOf("return @'");
          const undoEnd = lines.indexOf("'@");
          expect(lines.slice(undoStart + 1, undoEnd).join('\n')).toBe(`${powerShellUndoScript(plan, info)}`);
          const stepLines = (from: number, to: number) =>
            lines.slice(from, to).filter((l) => l.startsWith('Move-Step ')).map((l) => {
              const [head, n, madeBy, freedBy] = /^Move-Step (\d+) (\d+) (\d+) /.exec(l)!;
              const a = readPsArgument(l, head.length);
              expect(l[a.end]).toBe(' ');
              const b = readPsArgument(l, a.end + 1);
              expect(b.end).toBe(l.length);
              return { n: Number(n), madeBy: Number(madeBy), freedBy: Number(freedBy), from: a.value, to: b.value };
            });
          expect(stepLines(0, undoStart)).toEqual(plan.organize);
          expect(stepLines(undoStart, undoEnd)).toEqual(plan.undo);
          // No line inside the here-string may end it.
          for (const line of lines.slice(undoStart + 1, undoEnd)) expect(QUOTES.has(line[0] ?? '') && line[1] === '@').toBe(false);
        }),
        { seed: s, numRuns: 150 },
      );
    });
  }
});

const pwsh = ['pwsh', 'powershell'].find((cmd) => spawnSync(cmd, ['-NoProfile', '-Command', 'exit 0']).status === 0);

describe.skipIf(!pwsh)('the PowerShell script run by pwsh (only where pwsh is installed)', () => {
  it('does a swap and hostile names, and its undo puts everything back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-run-'));
    try {
      const names = ["it's $HOME `id` [x]*?.mp3", '-rf.mp3', 'new\nline.mp3', 'Café ’q’.flac'];
      const root = join(dir, 'Music');
      writeDiskTree(root, [...names, 'a.mp3', 'b.mp3'].map((n, i) => ({ path: `In/${n}`, bytes: Buffer.from(`file ${i}`) })));
      const original = readDiskTree(root);
      const { steps } = journalSteps({ operations: [move('In/a.mp3', 'In/b.mp3'), move('In/b.mp3', 'In/a.mp3'), ...names.map((n, i) => move(`In/${n}`, `Out $x/${i} ${n}`))] }, Object.keys(original.files));
      writeFileSync(join(dir, 'organize.ps1'), powerShellScript(steps, info));
      const run = (script: string) => spawnSync(pwsh!, ['-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', join(dir, script), root], { encoding: 'utf8' });
      expect(run('organize.ps1').status).toBe(0);
      expect(Object.keys(readDiskTree(root).files).sort()).toEqual(['In/a.mp3', 'In/b.mp3', ...names.map((n, i) => `Out $x/${i} ${n}`)].sort());
      expect(readFileSync(join(dir, 'organize.undo.ps1')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(run('organize.undo.ps1').status).toBe(0);
      expect(readDiskTree(root)).toEqual(original);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
