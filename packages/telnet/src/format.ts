// Python's `msg % args` for the few conversions telnetlib's debug messages use.
import { pyrepr, pystr } from "@inetlib/socket";

/** pyformat("IAC %s %d", ["DO", 1]) is "IAC DO 1": %s is str(), %r repr(), %d int, %% a percent sign. */
export function pyformat(format: string, args: readonly unknown[]): string {
  let i = 0;
  return format.replace(/%([srd%])/g, (_, conversion: string) => {
    if (conversion === "%") return "%";
    const value = args[i++];
    if (conversion === "r") return pyrepr(value);
    if (conversion === "d") return typeof value === "number" ? String(Math.trunc(value)) : pystr(value);
    return pystr(value);
  });
}
