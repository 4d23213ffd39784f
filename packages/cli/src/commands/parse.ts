// Option value parsers shared by the commands.
import { InvalidArgumentError } from "commander";

/** seconds parses --timeout: a number of seconds, 0 for no limit. */
export function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError("expected a number of seconds (0 for no limit)");
  return n;
}

/** count counts a repeated flag (--trace --trace is 2). */
export function count(_value: string, previous: number): number {
  return previous + 1;
}

/** collect gathers a repeatable option's values. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
