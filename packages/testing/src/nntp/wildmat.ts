// RFC 3977 4: wildmat, the group-name patterns of LIST, NEWNEWS and friends.
//
//	"comp.*,!comp.lang.*,comp.lang.python"   the last pattern that matches decides

/** wildmat tells whether `name` matches the wildmat `pattern`. */
export function wildmat(pattern: string, name: string): boolean {
  const parts = pattern.split(",");
  for (let i = parts.length - 1; i >= 0; i--) {
    let part = parts[i]!;
    const negated = part.startsWith("!");
    if (negated) part = part.slice(1);
    if (toRegExp(part).test(name)) return !negated;
  }
  return false;
}

const cache = new Map<string, RegExp>();

function toRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const body = [...pattern]
      .map((c) => (c === "*" ? "[^]*" : c === "?" ? "[^]" : c.replace(/[.+^${}()|[\]\\/-]/g, "\\$&")))
      .join("");
    re = new RegExp(`^${body}$`, "u");
    cache.set(pattern, re);
  }
  return re;
}
