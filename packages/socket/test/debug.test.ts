import { afterEach, describe, expect, it, vi } from "vitest";
import { DebugTrace, maskAll, maskSecrets, PyTuple, pyrepr, pystr, pytuple } from "../src/debug.js";

// Generated with python3 (CPython 3.11): repr() of str and bytes, ftplib.FTP().sanitize(),
// which code points below U+0880 repr() escapes, and a print() line.
// biome-ignore format: generated
const strReprs: [string, string][] = [
  ["", "''"],
  ["abc", "'abc'"],
  ["it's", "\"it's\""],
  ["say \"hi\"", "'say \"hi\"'"],
  ["both ' and \"", "'both \\' and \"'"],
  ["back\\slash", "'back\\\\slash'"],
  ["\t\n\r\u0000\u001f\u007f", "'\\t\\n\\r\\x00\\x1f\\x7f'"],
  ["\u0080\u009f\u00a0\u00a1\u00ad\u00ff", "'\\x80\\x9f\\xa0\u00a1\\xad\u00ff'"],
  ["\u00e9\u20ac\ud83d\ude00", "'\u00e9\u20ac\ud83d\ude00'"],
  ["\u2028\u2029\u200b\ufeff", "'\\u2028\\u2029\\u200b\\ufeff'"],
  ["\ud800x\udfff", "'\\ud800x\\udfff'"],
  ["\udb40\udc01\udbff\udfff\ue000", "'\\U000e0001\\U0010ffff\\ue000'"],
  ["\u65e5\u672c\u8a9e", "'\u65e5\u672c\u8a9e'"],
  ["\u0300", "'\u0300'"],
  ["\u00a0 \u3000", "'\\xa0 \\u3000'"],
  ["PASS *******\r\n", "'PASS *******\\r\\n'"],
  ["'\"", "'\\'\"'"],
  ["\\'", "\"\\\\'\""],
];
// biome-ignore format: generated
const bytesReprs: [string, string][] = [
  ["\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u007f\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7\u00a8\u00a9\u00aa\u00ab\u00ac\u00ad\u00ae\u00af\u00b0\u00b1\u00b2\u00b3\u00b4\u00b5\u00b6\u00b7\u00b8\u00b9\u00ba\u00bb\u00bc\u00bd\u00be\u00bf\u00c0\u00c1\u00c2\u00c3\u00c4\u00c5\u00c6\u00c7\u00c8\u00c9\u00ca\u00cb\u00cc\u00cd\u00ce\u00cf\u00d0\u00d1\u00d2\u00d3\u00d4\u00d5\u00d6\u00d7\u00d8\u00d9\u00da\u00db\u00dc\u00dd\u00de\u00df\u00e0\u00e1\u00e2\u00e3\u00e4\u00e5\u00e6\u00e7\u00e8\u00e9\u00ea\u00eb\u00ec\u00ed\u00ee\u00ef\u00f0\u00f1\u00f2\u00f3\u00f4\u00f5\u00f6\u00f7\u00f8\u00f9\u00fa\u00fb\u00fc\u00fd\u00fe\u00ff", "b'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\n\\x0b\\x0c\\r\\x0e\\x0f\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f !\"#$%&\\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\\x7f\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x87\\x88\\x89\\x8a\\x8b\\x8c\\x8d\\x8e\\x8f\\x90\\x91\\x92\\x93\\x94\\x95\\x96\\x97\\x98\\x99\\x9a\\x9b\\x9c\\x9d\\x9e\\x9f\\xa0\\xa1\\xa2\\xa3\\xa4\\xa5\\xa6\\xa7\\xa8\\xa9\\xaa\\xab\\xac\\xad\\xae\\xaf\\xb0\\xb1\\xb2\\xb3\\xb4\\xb5\\xb6\\xb7\\xb8\\xb9\\xba\\xbb\\xbc\\xbd\\xbe\\xbf\\xc0\\xc1\\xc2\\xc3\\xc4\\xc5\\xc6\\xc7\\xc8\\xc9\\xca\\xcb\\xcc\\xcd\\xce\\xcf\\xd0\\xd1\\xd2\\xd3\\xd4\\xd5\\xd6\\xd7\\xd8\\xd9\\xda\\xdb\\xdc\\xdd\\xde\\xdf\\xe0\\xe1\\xe2\\xe3\\xe4\\xe5\\xe6\\xe7\\xe8\\xe9\\xea\\xeb\\xec\\xed\\xee\\xef\\xf0\\xf1\\xf2\\xf3\\xf4\\xf5\\xf6\\xf7\\xf8\\xf9\\xfa\\xfb\\xfc\\xfd\\xfe\\xff'"],
  ["", "b''"],
  ["it's", "b\"it's\""],
  ["say \"hi\"", "b'say \"hi\"'"],
  ["'\"", "b'\\'\"'"],
  ["\\'", "b\"\\\\'\""],
  ["\u0000a\r\n", "b'\\x00a\\r\\n'"],
];
// biome-ignore format: generated
const sanitized: [string, string][] = [
  ["PASS hunter2", "'PASS *******'"],
  ["pass x\r\n", "'pass *\\r\\n'"],
  ["PASS \r\n", "'PASS \\r\\n'"],
  ["USER joe", "'USER joe'"],
  ["PASS  two spaces", "'PASS ***********'"],
  ["PASS \u00e9\u65e5\r\n", "'PASS **\\r\\n'"],
  ["PASS a\r\n\r\n", "'PASS *\\r\\n\\r\\n'"],
];
// biome-ignore format: generated
const escapedBelow880 = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 92, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 173, 888, 889, 896, 897, 898, 899, 907, 909, 930, 1328, 1367, 1368, 1419, 1420, 1424, 1480, 1481, 1482, 1483, 1484, 1485, 1486, 1487, 1515, 1516, 1517, 1518, 1525, 1526, 1527, 1528, 1529, 1530, 1531, 1532, 1533, 1534, 1535, 1536, 1537, 1538, 1539, 1540, 1541, 1564, 1757, 1806, 1807, 1867, 1868, 1970, 1971, 1972, 1973, 1974, 1975, 1976, 1977, 1978, 1979, 1980, 1981, 1982, 1983, 2043, 2044, 2094, 2095, 2111, 2140, 2141, 2143, 2155, 2156, 2157, 2158, 2159];
// python3: print('*cmd*', repr('PASS **'), b'\x00', 250, True, None, [1, b'a'], (250, b'OK'), ('x',))
const printed = "*cmd* 'PASS **' b'\\x00' 250 True None [1, b'a'] (250, b'OK') ('x',)\n";

const latin1 = (s: string) => Buffer.from(s, "latin1");

describe("pyrepr", () => {
  it.each(strReprs)("repr(%j) as Python's str repr", (input, expected) => {
    expect(pyrepr(input)).toBe(expected);
  });

  it.each(bytesReprs)("repr(bytes %j) as Python's bytes repr", (input, expected) => {
    expect(pyrepr(latin1(input))).toBe(expected);
  });

  it("escapes exactly the code points below U+0880 that Python escapes", () => {
    const escaped = new Set(escapedBelow880);
    const wrong: number[] = [];
    for (let c = 0; c < 0x880; c++) {
      const ch = String.fromCodePoint(c);
      if ((pyrepr(ch).slice(1, -1) !== ch) !== escaped.has(c)) wrong.push(c);
    }
    expect(wrong).toEqual([]);
  });

  it("formats other values as Python would", () => {
    expect(pyrepr(250)).toBe("250");
    expect(pyrepr(-1)).toBe("-1");
    expect(pyrepr(10n)).toBe("10");
    expect(pyrepr(true)).toBe("True");
    expect(pyrepr(false)).toBe("False");
    expect(pyrepr(null)).toBe("None");
    expect(pyrepr(undefined)).toBe("None");
    expect(pyrepr(Number.NaN)).toBe("nan");
    expect(pyrepr(Number.NEGATIVE_INFINITY)).toBe("-inf");
    expect(pyrepr(["a", latin1("b"), [1]])).toBe("['a', b'b', [1]]");
    expect(pyrepr(pytuple())).toBe("()");
    expect(pyrepr(pytuple(1))).toBe("(1,)");
    expect(pyrepr(new PyTuple([250, latin1("OK")]))).toBe("(250, b'OK')");
    expect(pyrepr(new Uint8Array([0x27]))).toBe('b"\'"');
  });

  it("pystr leaves text alone and reprs the rest", () => {
    expect(pystr("a'b\n")).toBe("a'b\n");
    expect(pystr(latin1("a"))).toBe("b'a'");
    expect(pystr(new Error("boom"))).toBe("boom");
  });
});

describe("maskSecrets", () => {
  it.each(sanitized)("masks %j as ftplib's sanitize (before repr)", (line, expected) => {
    expect(pyrepr(maskSecrets(line))).toBe(expected);
  });

  it("masks the credential of every protocol's login command", () => {
    const table: [string, string][] = [
      ["pass secret", "pass ******"],
      ["Pass nope", "Pass ****"], // ftplib leaves this one: masking more is harmless
      ["AUTHINFO PASS s3cret\r\n", "AUTHINFO PASS ******\r\n"],
      ["authinfo pass x", "authinfo pass *"],
      ["AUTHINFO SASL PLAIN AGpvZQBz", "AUTHINFO SASL PLAIN ********"],
      ["APOP mrose c4c9334bac560ecc979e58001b3e22fb", `APOP mrose ${"*".repeat(32)}`],
      ["AUTH PLAIN AGpvZQBzZWNyZXQ=\r\n", "AUTH PLAIN ****************\r\n"],
      ["AUTH LOGIN am9l", "AUTH LOGIN ****"],
      ["AUTH XOAUTH2 dXNlcj1h", "AUTH XOAUTH2 ********"],
      ["a1 LOGIN joe hunter2", "a1 LOGIN joe *******"],
      ['a1 LOGIN "joe" "se cr\\"et"\r\n', 'a1 LOGIN "joe" ***********\r\n'],
      ['A001 login "j o e" pw', 'A001 login "j o e" **'],
      ["a2 AUTHENTICATE PLAIN AGpvZQ==", "a2 AUTHENTICATE PLAIN ********"],
    ];
    for (const [line, expected] of table) expect(maskSecrets(line), line).toBe(expected);
  });

  it("leaves other lines alone", () => {
    for (const line of [
      "USER joe",
      "AUTH PLAIN",
      "AUTH LOGIN\r\n",
      "AUTHINFO USER joe",
      "a1 LOGIN {3}",
      "PASS",
      "EHLO x",
    ])
      expect(maskSecrets(line)).toBe(line);
  });

  it("maskAll masks a whole line but its terminator", () => {
    expect(maskAll("dXNlcg==\r\n")).toBe("********\r\n");
    expect(maskAll("日本")).toBe("**");
  });
});

describe("DebugTrace", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("prints as Python's print()", () => {
    const out: string[] = [];
    const trace = new DebugTrace({ sink: (t) => out.push(t) });
    trace.print(
      "*cmd*",
      pyrepr("PASS **"),
      latin1("\x00"),
      250,
      true,
      null,
      [1, latin1("a")],
      pytuple(250, latin1("OK")),
      pytuple("x"),
    );
    expect(out).toEqual([printed]);
  });

  it("holds the level set_debuglevel gives it", () => {
    const trace = new DebugTrace({ sink: () => {} });
    expect(trace.level).toBe(0);
    trace.set_debuglevel(2);
    expect(trace.level).toBe(2);
    trace.set_debuglevel(true);
    expect(trace.level).toBe(1);
    expect(new DebugTrace({ level: 3 }).level).toBe(3);
  });

  it("writes to stdout by default and to stderr when asked", () => {
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    new DebugTrace().print("*get*", latin1("x"));
    new DebugTrace({ stream: "stderr" }).print("reply:", "b'250'");
    expect(stdout).toHaveBeenCalledWith("*get* b'x'\n");
    expect(stderr).toHaveBeenCalledWith("reply: b'250'\n");
  });

  it("starts lines with the time of day above level 1 when asked, as smtplib", () => {
    const out: string[] = [];
    const trace = new DebugTrace({ sink: (t) => out.push(t), timestamps: true, level: 1 });
    trace.print("send:", "'x'");
    trace.set_debuglevel(2);
    trace.print("send:", "'x'");
    expect(out[0]).toBe("send: 'x'\n");
    expect(out[1]).toMatch(/^\d\d:\d\d:\d\d(\.\d{3}000)? send: 'x'\n$/);
  });

  it("masks lines marked secret, one mark per line", () => {
    const trace = new DebugTrace({ sink: () => {} });
    expect(trace.takeSecret()).toBe(false);
    trace.markSecret();
    expect(trace.sanitize("dXNlcg==\r\n")).toBe("********\r\n");
    expect(trace.sanitize("PASS x")).toBe("PASS *");
    expect(trace.sanitize("NOOP")).toBe("NOOP");
    trace.markSecret(2);
    expect(trace.takeSecret()).toBe(true);
    expect(trace.takeSecret()).toBe(true);
    expect(trace.takeSecret()).toBe(false);
  });
});
