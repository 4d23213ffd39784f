// nntplib's named tuples. Each is an array (destructure it as Python unpacks the tuple) whose
// fields are also readable by name, as on the namedtuple:
//
//	const [group, last, first, flag] = info;    info.group === group
//
// The names are non-enumerable, so an info equals the plain array of its values.

/** GroupInfo(group, last, first, flag): one line of LIST ACTIVE or NEWGROUPS, all strings. */
export type GroupInfo = readonly [group: string, last: string, first: string, flag: string] & {
  readonly group: string;
  readonly last: string;
  readonly first: string;
  readonly flag: string;
};

/**
 * ArticleInfo(number, message_id, lines): what article(), head() and body() return with the
 * response. `lines` are the article's lines as bytes, unstuffed, without terminators; empty
 * when a `file` took them.
 */
export type ArticleInfo = readonly [number: number, message_id: string, lines: Buffer[]] & {
  readonly number: number;
  readonly message_id: string;
  readonly lines: Buffer[];
};

/** GroupInfo makes a GroupInfo from its four fields. */
export function GroupInfo(group: string, last: string, first: string, flag: string): GroupInfo {
  return named([group, last, first, flag], ["group", "last", "first", "flag"]) as unknown as GroupInfo;
}

/** ArticleInfo makes an ArticleInfo from its three fields. */
export function ArticleInfo(number: number, message_id: string, lines: Buffer[]): ArticleInfo {
  return named([number, message_id, lines], ["number", "message_id", "lines"]) as unknown as ArticleInfo;
}

function named(values: unknown[], fields: string[]): readonly unknown[] {
  fields.forEach((field, i) => {
    Object.defineProperty(values, field, { value: values[i], enumerable: false });
  });
  return Object.freeze(values);
}
