// telnetlib's module constants, with Python's names and values: each command and option is a
// one-byte Buffer, as Python's are one-byte bytes objects, so `Buffer.concat([IAC, WONT, opt])`
// reads as `IAC + WONT + opt` does.

function b(code: number): Buffer {
  return Buffer.from([code]);
}

/** The debug level new Telnet objects start with (Python's tunable DEBUGLEVEL). */
export const DEBUGLEVEL = 0;

/** The standard telnet port, used when open() is given port 0. */
export const TELNET_PORT = 23;

// Telnet protocol characters (don't change)
/** "Interpret As Command" (255) */
export const IAC = b(255);
/** Refuse, or ask the peer to stop, performing an option (254) */
export const DONT = b(254);
/** Ask the peer to perform, or agree it performs, an option (253) */
export const DO = b(253);
/** Refuse, or announce the end of, performing an option (252) */
export const WONT = b(252);
/** Offer, or agree, to perform an option (251) */
export const WILL = b(251);
/** The NUL byte (0) */
export const theNULL = b(0);

/** Subnegotiation End (240) */
export const SE = b(240);
/** No Operation (241) */
export const NOP = b(241);
/** Data Mark (242) */
export const DM = b(242);
/** Break (243) */
export const BRK = b(243);
/** Interrupt process (244) */
export const IP = b(244);
/** Abort output (245) */
export const AO = b(245);
/** Are You There (246) */
export const AYT = b(246);
/** Erase Character (247) */
export const EC = b(247);
/** Erase Line (248) */
export const EL = b(248);
/** Go Ahead (249) */
export const GA = b(249);
/** Subnegotiation Begin (250) */
export const SB = b(250);

// Telnet protocol options code (don't change)
// These ones all come from arpa/telnet.h
/** 8-bit data path (0) */
export const BINARY = b(0);
/** echo (1) */
export const ECHO = b(1);
/** prepare to reconnect (2) */
export const RCP = b(2);
/** suppress go ahead (3) */
export const SGA = b(3);
/** approximate message size (4) */
export const NAMS = b(4);
/** give status (5) */
export const STATUS = b(5);
/** timing mark (6) */
export const TM = b(6);
/** remote controlled transmission and echo (7) */
export const RCTE = b(7);
/** negotiate about output line width (8) */
export const NAOL = b(8);
/** negotiate about output page size (9) */
export const NAOP = b(9);
/** negotiate about CR disposition (10) */
export const NAOCRD = b(10);
/** negotiate about horizontal tabstops (11) */
export const NAOHTS = b(11);
/** negotiate about horizontal tab disposition (12) */
export const NAOHTD = b(12);
/** negotiate about formfeed disposition (13) */
export const NAOFFD = b(13);
/** negotiate about vertical tab stops (14) */
export const NAOVTS = b(14);
/** negotiate about vertical tab disposition (15) */
export const NAOVTD = b(15);
/** negotiate about output LF disposition (16) */
export const NAOLFD = b(16);
/** extended ascii character set (17) */
export const XASCII = b(17);
/** force logout (18) */
export const LOGOUT = b(18);
/** byte macro (19) */
export const BM = b(19);
/** data entry terminal (20) */
export const DET = b(20);
/** supdup protocol (21) */
export const SUPDUP = b(21);
/** supdup output (22) */
export const SUPDUPOUTPUT = b(22);
/** send location (23) */
export const SNDLOC = b(23);
/** terminal type (24) */
export const TTYPE = b(24);
/** end or record (25) */
export const EOR = b(25);
/** TACACS user identification (26) */
export const TUID = b(26);
/** output marking (27) */
export const OUTMRK = b(27);
/** terminal location number (28) */
export const TTYLOC = b(28);
/** 3270 regime (29) */
export const VT3270REGIME = b(29);
/** X.3 PAD (30) */
export const X3PAD = b(30);
/** window size (31) */
export const NAWS = b(31);
/** terminal speed (32) */
export const TSPEED = b(32);
/** remote flow control (33) */
export const LFLOW = b(33);
/** Linemode option (34) */
export const LINEMODE = b(34);
/** X Display Location (35) */
export const XDISPLOC = b(35);
/** Old - Environment variables (36) */
export const OLD_ENVIRON = b(36);
/** Authenticate (37) */
export const AUTHENTICATION = b(37);
/** Encryption option (38) */
export const ENCRYPT = b(38);
/** New - Environment variables (39) */
export const NEW_ENVIRON = b(39);
// the following ones come from
// http://www.iana.org/assignments/telnet-options
// Unfortunately, that document does not assign identifiers
// to all of them, so we are making them up
/** TN3270E (40) */
export const TN3270E = b(40);
/** XAUTH (41) */
export const XAUTH = b(41);
/** CHARSET (42) */
export const CHARSET = b(42);
/** Telnet Remote Serial Port (43) */
export const RSP = b(43);
/** Com Port Control Option (44) */
export const COM_PORT_OPTION = b(44);
/** Telnet Suppress Local Echo (45) */
export const SUPPRESS_LOCAL_ECHO = b(45);
/** Telnet Start TLS (46) */
export const TLS = b(46);
/** KERMIT (47) */
export const KERMIT = b(47);
/** SEND-URL (48) */
export const SEND_URL = b(48);
/** FORWARD_X (49) */
export const FORWARD_X = b(49);
/** TELOPT PRAGMA LOGON (138) */
export const PRAGMA_LOGON = b(138);
/** TELOPT SSPI LOGON (139) */
export const SSPI_LOGON = b(139);
/** TELOPT PRAGMA HEARTBEAT (140) */
export const PRAGMA_HEARTBEAT = b(140);
/** Extended-Options-List (255) */
export const EXOPL = b(255);
/** The option byte passed to the negotiation callback for commands without an option (0) */
export const NOOPT = b(0);
