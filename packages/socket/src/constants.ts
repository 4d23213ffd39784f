// Values are Linux's, as Python's socket module exposes them on Linux: code ported from Python
// compares against the same numbers.

export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const AF_UNIX = 1;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_RAW = 3;
export const SOL_SOCKET = 1;
export const SO_REUSEADDR = 2;
export const SO_REUSEPORT = 15;
export const SO_KEEPALIVE = 9;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_BROADCAST = 6;
export const SO_ERROR = 4;
export const SO_TYPE = 3;
export const SO_LINGER = 13;
export const SO_RCVLOWAT = 18;
export const SO_SNDLOWAT = 19;
export const SO_RCVTIMEO = 20;
export const SO_SNDTIMEO = 21;
export const IPPROTO_IP = 0;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_IPV6 = 41;
export const TCP_NODELAY = 1;
export const TCP_KEEPIDLE = 4;
export const TCP_KEEPINTVL = 5;
export const TCP_KEEPCNT = 6;
export const IPV6_V6ONLY = 26;
export const IP_TTL = 2;
export const IP_MULTICAST_TTL = 33;
export const IP_MULTICAST_LOOP = 34;
export const SHUT_RD = 0;
export const SHUT_WR = 1;
export const SHUT_RDWR = 2;
export const MSG_PEEK = 2;
export const MSG_WAITALL = 256;
export const MSG_DONTWAIT = 64;
export const MSG_OOB = 1;
export const AI_PASSIVE = 1;
export const AI_CANONNAME = 2;
export const AI_NUMERICHOST = 4;
export const AI_NUMERICSERV = 1024;
export const AI_ADDRCONFIG = 32;
export const AI_V4MAPPED = 8;
export const AI_ALL = 16;
export const NI_NUMERICHOST = 1;
export const NI_NUMERICSERV = 2;
export const NI_NAMEREQD = 8;
export const NI_DGRAM = 16;
export const EAI_NONAME = -2;
export const EAI_AGAIN = -3;
export const EAI_FAIL = -4;
export const EAI_FAMILY = -6;
export const EAI_SERVICE = -8;
export const EAI_SOCKTYPE = -7;
export const EAI_MEMORY = -10;
export const EAI_SYSTEM = -11;
export const EAI_NODATA = -5;
export const EAI_ADDRFAMILY = -9;
export const SOMAXCONN = 4096;
export const INADDR_ANY = 0;
export const INADDR_LOOPBACK = 2130706433;

/** errno names and numbers (Linux), as Python's errno module has them. */
export const errno = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  EIO: 5,
  EBADF: 9,
  EAGAIN: 11,
  EWOULDBLOCK: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  EMFILE: 24,
  ENOSPC: 28,
  EPIPE: 32,
  ENAMETOOLONG: 36,
  ENOSYS: 38,
  ENOTSOCK: 88,
  EDESTADDRREQ: 89,
  EMSGSIZE: 90,
  EPROTOTYPE: 91,
  ENOPROTOOPT: 92,
  EPROTONOSUPPORT: 93,
  ESOCKTNOSUPPORT: 94,
  EOPNOTSUPP: 95,
  EPFNOSUPPORT: 96,
  EAFNOSUPPORT: 97,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ENETDOWN: 100,
  ENETUNREACH: 101,
  ENETRESET: 102,
  ECONNABORTED: 103,
  ECONNRESET: 104,
  ENOBUFS: 105,
  EISCONN: 106,
  ENOTCONN: 107,
  ESHUTDOWN: 108,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTDOWN: 112,
  EHOSTUNREACH: 113,
  EALREADY: 114,
  EINPROGRESS: 115,
} as const;

export type ErrnoName = keyof typeof errno;
