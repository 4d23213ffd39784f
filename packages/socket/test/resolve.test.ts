import { afterEach, describe, expect, it } from "vitest";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  AI_CANONNAME,
  AI_NUMERICHOST,
  AI_NUMERICSERV,
  AI_PASSIVE,
  AI_V4MAPPED,
  gaierror,
  getaddrinfo,
  getfqdn,
  gethostbyaddr,
  gethostbyname,
  gethostbyname_ex,
  gethostname,
  getnameinfo,
  getservbyname,
  getservbyport,
  herror,
  htonl,
  htons,
  IPPROTO_TCP,
  IPPROTO_UDP,
  inet_aton,
  inet_ntoa,
  inet_ntop,
  inet_pton,
  NI_DGRAM,
  NI_NAMEREQD,
  NI_NUMERICHOST,
  NI_NUMERICSERV,
  ntohl,
  ntohs,
  OSError,
  OverflowError,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_STREAM,
  ValueError,
} from "../src/index.js";
import { _setServices, BUILTIN_SERVICES } from "../src/services.js";

describe("getaddrinfo", () => {
  it("gives Python's 5-tuples for a numeric IPv4 host, one per socket type", async () => {
    expect(await getaddrinfo("127.0.0.1", 80)).toEqual([
      [AF_INET, SOCK_STREAM, IPPROTO_TCP, "", ["127.0.0.1", 80]],
      [AF_INET, SOCK_DGRAM, IPPROTO_UDP, "", ["127.0.0.1", 80]],
      [AF_INET, SOCK_RAW, 0, "", ["127.0.0.1", 80]],
    ]);
  });

  it("gives 4-member sockaddrs for ::1 and filters by type and proto", async () => {
    expect(await getaddrinfo("::1", "8080", 0, SOCK_STREAM)).toEqual([
      [AF_INET6, SOCK_STREAM, IPPROTO_TCP, "", ["::1", 8080, 0, 0]],
    ]);
    expect(await getaddrinfo("::1", 53, AF_INET6, 0, IPPROTO_UDP)).toEqual([
      [AF_INET6, SOCK_DGRAM, IPPROTO_UDP, "", ["::1", 53, 0, 0]],
    ]);
  });

  it("resolves localhost through the system resolver", async () => {
    const infos = await getaddrinfo("localhost", 25, 0, SOCK_STREAM);
    expect(infos.length).toBeGreaterThan(0);
    for (const [family, type, proto, canon, sa] of infos) {
      expect([AF_INET, AF_INET6]).toContain(family);
      expect([type, proto, canon]).toEqual([SOCK_STREAM, IPPROTO_TCP, ""]);
      expect(["127.0.0.1", "::1"]).toContain(sa[0]);
      expect(sa[1]).toBe(25);
    }
    const v4 = await getaddrinfo("localhost", null, AF_INET, SOCK_STREAM, 0, AI_CANONNAME);
    expect(v4[0]).toEqual([AF_INET, SOCK_STREAM, IPPROTO_TCP, "localhost", ["127.0.0.1", 0]]);
  });

  it("raises gaierror for an unknown name, with Python's message", async () => {
    const err = await getaddrinfo("no-such-host.invalid", 80).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(gaierror);
    expect(err).toBeInstanceOf(OSError);
    expect(err).toMatchObject({ errno: -2, message: "[Errno -2] Name or service not known" });
  });

  it("honours AI_NUMERICHOST, AI_PASSIVE, AI_NUMERICSERV and AI_V4MAPPED", async () => {
    await expect(getaddrinfo("localhost", 80, 0, 0, 0, AI_NUMERICHOST)).rejects.toMatchObject({ errno: -2 });
    expect(await getaddrinfo(null, 80, 0, SOCK_STREAM, 0, AI_PASSIVE)).toEqual([
      [AF_INET, SOCK_STREAM, IPPROTO_TCP, "", ["0.0.0.0", 80]],
      [AF_INET6, SOCK_STREAM, IPPROTO_TCP, "", ["::", 80, 0, 0]],
    ]);
    expect(await getaddrinfo(null, 80, AF_INET, SOCK_STREAM)).toEqual([
      [AF_INET, SOCK_STREAM, IPPROTO_TCP, "", ["127.0.0.1", 80]],
    ]);
    await expect(getaddrinfo("127.0.0.1", "http", 0, 0, 0, AI_NUMERICSERV)).rejects.toMatchObject({
      errno: -2,
    });
    expect(await getaddrinfo("127.0.0.1", 80, AF_INET6, SOCK_STREAM, 0, AI_V4MAPPED)).toEqual([
      [AF_INET6, SOCK_STREAM, IPPROTO_TCP, "", ["::ffff:127.0.0.1", 80, 0, 0]],
    ]);
  });

  it("maps service names per protocol and reports glibc's errors", async () => {
    expect(await getaddrinfo("127.0.0.1", "http")).toEqual([
      [AF_INET, SOCK_STREAM, IPPROTO_TCP, "", ["127.0.0.1", 80]],
    ]);
    expect((await getaddrinfo("127.0.0.1", "domain")).map((i) => [i[1], i[4][1]])).toEqual([
      [SOCK_STREAM, 53],
      [SOCK_DGRAM, 53],
    ]);
    expect((await getaddrinfo("127.0.0.1", 70000, 0, SOCK_STREAM))[0]![4]).toEqual(["127.0.0.1", 4464]);
    const cases: Array<[Promise<unknown>, number, string]> = [
      [getaddrinfo("127.0.0.1", "no-such-service"), -8, "Servname not supported for ai_socktype"],
      [getaddrinfo("127.0.0.1", -1), -8, "Servname not supported for ai_socktype"],
      [getaddrinfo("127.0.0.1", 80, AF_INET6), -9, "Address family for hostname not supported"],
      [getaddrinfo("::1", 80, AF_INET), -9, "Address family for hostname not supported"],
      [getaddrinfo("127.0.0.1", 80, AF_UNIX), -6, "ai_family not supported"],
      [getaddrinfo("127.0.0.1", 80, 0, SOCK_STREAM, IPPROTO_UDP), -7, "ai_socktype not supported"],
      [getaddrinfo(null, null), -2, "Name or service not known"],
      [getaddrinfo("", 80), -2, "Name or service not known"],
    ];
    for (const [p, errno, text] of cases) await expect(p).rejects.toMatchObject({ errno, strerror: text });
  });
});

describe("host lookups", () => {
  it("gethostname, gethostbyname and gethostbyname_ex", async () => {
    expect(gethostname().length).toBeGreaterThan(0);
    expect(await gethostbyname("localhost")).toBe("127.0.0.1");
    expect(await gethostbyname("127.0.0.1")).toBe("127.0.0.1");
    expect(await gethostbyname("")).toBe("0.0.0.0");
    expect(await gethostbyname("<broadcast>")).toBe("255.255.255.255");
    await expect(gethostbyname("::1")).rejects.toMatchObject({ errno: -9 });
    await expect(gethostbyname("no-such-host.invalid")).rejects.toBeInstanceOf(gaierror);
    expect(await gethostbyname_ex("127.0.0.1")).toEqual(["127.0.0.1", [], ["127.0.0.1"]]);
    const [name, aliases, addrs] = await gethostbyname_ex("localhost");
    expect(name.length).toBeGreaterThan(0);
    expect(Array.isArray(aliases)).toBe(true);
    expect(addrs).toContain("127.0.0.1");
  });

  it("gethostbyaddr names 127.0.0.1 and raises herror where there is no name", async () => {
    const [name, aliases, addrs] = await gethostbyaddr("127.0.0.1");
    expect(addrs).toEqual(["127.0.0.1"]);
    expect(await gethostbyname(name)).toBe("127.0.0.1");
    const err = await gethostbyaddr("127.0.0.2").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(herror);
    expect(err).toMatchObject({ errno: 1, message: "[Errno 1] Unknown host" });
    await expect(gethostbyaddr("")).rejects.toThrow("wildcard resolved to multiple address");
    expect(await getfqdn("127.0.0.1")).toBe([name, ...aliases].find((n) => n.includes(".")) ?? name);
    expect(await getfqdn("no-such-host.invalid")).toBe("no-such-host.invalid");
  });

  it("getnameinfo", async () => {
    const [host, service] = await getnameinfo(["127.0.0.1", 80], 0);
    expect(host).toBe((await gethostbyaddr("127.0.0.1"))[0]);
    expect(service).toBe("http");
    expect(await getnameinfo(["127.0.0.1", 80], NI_NUMERICHOST | NI_NUMERICSERV)).toEqual([
      "127.0.0.1",
      "80",
    ]);
    expect(await getnameinfo(["127.0.0.2", 65000], 0)).toEqual(["127.0.0.2", "65000"]);
    expect((await getnameinfo(["127.0.0.1", 53], NI_DGRAM | NI_NUMERICHOST))[1]).toBe("domain");
    await expect(getnameinfo(["127.0.0.2", 1], NI_NAMEREQD)).rejects.toMatchObject({ errno: -2 });
    await expect(getnameinfo(["localhost", 80], 0)).rejects.toBeInstanceOf(gaierror);
    await expect(getnameinfo(["127.0.0.1", 80, 0, 0], 0)).rejects.toThrow("IPv4 sockaddr must be 2 tuple");
    await expect(getnameinfo(["127.0.0.1", 70000], 0)).rejects.toBeInstanceOf(OverflowError);
    expect(await getnameinfo(["::1", 443, 0, 0], NI_NUMERICHOST)).toEqual(["::1", "https"]);
  });
});

describe("address conversions", () => {
  it("inet_aton accepts what inet_aton(3) accepts", () => {
    expect(inet_aton("127.0.0.1")).toEqual(Buffer.from([127, 0, 0, 1]));
    expect(inet_aton("127.1")).toEqual(Buffer.from([127, 0, 0, 1]));
    expect(inet_aton("0x7f.1")).toEqual(Buffer.from([127, 0, 0, 1]));
    expect(inet_aton("0177.0.0.1")).toEqual(Buffer.from([127, 0, 0, 1]));
    expect(inet_aton("4294967295")).toEqual(Buffer.from([255, 255, 255, 255]));
    expect(inet_aton("1.2.3.4 junk")).toEqual(Buffer.from([1, 2, 3, 4]));
    for (const bad of ["1.2.3.256", "", "1.2.3.4.5", "a.b.c.d", "08.1.1.1", "1.2.3.4x"])
      expect(() => inet_aton(bad)).toThrow("illegal IP address string passed to inet_aton");
    expect(inet_ntoa(Buffer.from([1, 2, 3, 4]))).toBe("1.2.3.4");
    expect(() => inet_ntoa(Buffer.from([1, 2, 3]))).toThrow("packed IP wrong length for inet_ntoa");
  });

  it("inet_pton and inet_ntop round-trip and write IPv6 as glibc does", () => {
    expect(inet_pton(AF_INET, "10.1.2.3")).toEqual(Buffer.from([10, 1, 2, 3]));
    for (const bad of ["01.2.3.4", "1.2.3", "1.2.3.4 "])
      expect(() => inet_pton(AF_INET, bad)).toThrow("illegal IP address string passed to inet_pton");
    const v6: Array<[string, string]> = [
      ["::2", "::2"],
      ["::1", "::1"],
      ["::", "::"],
      ["::ffff:1.2.3.4", "::ffff:1.2.3.4"],
      ["::1.2.3.4", "::1.2.3.4"],
      ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
      ["2001:0:1:0:0:0:0:1", "2001:0:1::1"],
      ["2001:db8:0:1::1", "2001:db8:0:1::1"],
      ["1:1:1:1:1:1:1:1", "1:1:1:1:1:1:1:1"],
      ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
      ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"],
      ["fe80::", "fe80::"],
    ];
    for (const [text, canonical] of v6) {
      const packed = inet_pton(AF_INET6, text);
      expect(packed.length).toBe(16);
      expect(inet_ntop(AF_INET6, packed)).toBe(canonical);
    }
    for (const bad of [
      "1::2::3",
      ":1::2",
      "1:2:3:4:5:6:7:8::",
      "12345::",
      "1.2.3.4",
      "::1.2.3",
      "1:2:3:4:5:6:7",
    ])
      expect(() => inet_pton(AF_INET6, bad), bad).toThrow("illegal IP address string passed to inet_pton");
    expect(() => inet_pton(AF_UNIX, "x")).toThrow(expect.objectContaining({ errno: 97 }));
    expect(() => inet_ntop(AF_INET6, Buffer.alloc(4))).toThrow(ValueError);
    expect(() => inet_ntop(99, Buffer.alloc(4))).toThrow("unknown address family 99");
    expect(inet_ntop(AF_INET, Buffer.from([192, 0, 2, 1]))).toBe("192.0.2.1");
  });

  it("byte order helpers swap on this little-endian host and check ranges", () => {
    expect(htons(1)).toBe(256);
    expect(ntohs(0x1234)).toBe(0x3412);
    expect(htonl(1)).toBe(16777216);
    expect(ntohl(0x01020304)).toBe(0x04030201);
    expect(htonl(0xffffffff)).toBe(0xffffffff);
    expect(() => htons(70000)).toThrow("htons: Python int too large to convert to C 16-bit unsigned integer");
    expect(() => htons(-1)).toThrow(OverflowError);
    expect(() => htonl(2 ** 32)).toThrow("int larger than 32 bits");
    expect(() => htonl(-1)).toThrow("can't convert negative value to unsigned int");
    expect(() => htons(1.5)).toThrow(TypeError);
  });
});

describe("services", () => {
  afterEach(() => _setServices(null));
  const wanted: Array<[string, number]> = [
    ["ftp-data", 20],
    ["ftp", 21],
    ["ssh", 22],
    ["telnet", 23],
    ["lmtp", 24],
    ["smtp", 25],
    ["domain", 53],
    ["gopher", 70],
    ["http", 80],
    ["pop3", 110],
    ["nntp", 119],
    ["imap", 143],
    ["https", 443],
    ["smtps", 465],
    ["nntps", 563],
    ["submission", 587],
    ["ftps-data", 989],
    ["ftps", 990],
    ["imaps", 993],
    ["pop3s", 995],
  ];

  it("the built-in table has the well-known ports", () => {
    _setServices(BUILTIN_SERVICES);
    for (const [name, port] of wanted) expect(getservbyname(name, "tcp"), name).toBe(port);
    expect(getservbyport(443)).toBe("https");
    expect(getservbyport(143, "tcp")).toBe("imap2");
    expect(getservbyname("www")).toBe(80);
    expect(getservbyname("domain", "udp")).toBe(53);
    expect(() => getservbyname("http", "udp")).toThrow("service/proto not found");
    expect(() => getservbyport(99, "tcp")).toThrow("port/proto not found");
    expect(() => getservbyport(70000)).toThrow("getservbyport: port must be 0-65535.");
  });

  it("the system's table (or the built-in one) answers the common names", () => {
    for (const name of [
      "ftp",
      "ssh",
      "telnet",
      "smtp",
      "http",
      "pop3",
      "imap",
      "https",
      "submission",
      "imaps",
    ])
      expect(getservbyname(name), name).toBe(wanted.find(([n]) => n === name)![1]);
    expect(getservbyport(21)).toBe("ftp");
    expect(getservbyport(53, "udp")).toBe("domain");
    expect(() => getservbyname("no-such-service")).toThrow(OSError);
  });
});
