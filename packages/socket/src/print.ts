// print: Python's print() for code ported from Python, so that bytes print as b'...' and
// dicts as {'k': v} instead of Node's <Buffer 52 65 ...> and [Object: null prototype] {}.
import { pystr } from "./debug.js";

/** PrintFile is where print writes: process.stdout, process.stderr, or any writer of text. */
export interface PrintFile {
  write(text: string): unknown;
}

/**
 * print(...values) writes each value as Python's print() does (str() of each: text as it is,
 * bytes as b'...', arrays as lists, plain objects as dicts, null as None), separated by a
 * space, then a newline, to stdout. `print.to(file, { sep, end })` gives Python's keyword
 * arguments: `print.to(process.stderr, { end: "" })("no newline")`.
 */
export function print(...values: unknown[]): void {
  write(process.stdout, " ", "\n", values);
}

/** PrintOptions are print()'s keyword arguments. */
export interface PrintOptions {
  sep?: string;
  end?: string;
}

print.to = (file: PrintFile, options: PrintOptions = {}): ((...values: unknown[]) => void) => {
  const { sep = " ", end = "\n" } = options;
  return (...values) => write(file, sep, end, values);
};

function write(file: PrintFile, sep: string, end: string, values: unknown[]): void {
  file.write(values.map(pystr).join(sep) + end);
}
