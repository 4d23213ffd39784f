// Python passes bound methods as transfer callbacks (fp.write, lines.append, h.update). In
// JavaScript `obj.method` is not bound: called alone it runs with `this` undefined and crashes in
// the middle of the transfer. The types cannot refuse it (Node declares these as methods, which
// TypeScript lets go unbound), so the transfer methods refuse the well-known ones before a byte
// is sent, with the fix in the message.
import { Hash } from "node:crypto";
import { Writable } from "node:stream";

const UNBOUND = new Map<unknown, [object: string, method: string]>([
  [Writable.prototype.write, ["fp", "write"]],
  [Array.prototype.push, ["list", "push"]],
  [Hash.prototype.update, ["hash", "update"]],
]);

/** unboundCallback returns the TypeError for a callback that is a method taken from its object, else null. */
export function unboundCallback(caller: string, callback: unknown): TypeError | null {
  const known = UNBOUND.get(callback);
  if (!known) return null;
  const [obj, method] = known;
  return new TypeError(
    `${caller}(): the callback is ${obj}.${method} taken from its object, which JavaScript does not bind ` +
      `as Python does: pass (b) => ${obj}.${method}(b), or ${obj}.${method}.bind(${obj})`,
  );
}
