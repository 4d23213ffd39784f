// time.ctime() as Python prints it: "Sat Nov 21 05:00:45 2026" (local time, day padded with a space).
const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function ctime(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${days[d.getDay()]} ${months[d.getMonth()]} ${String(d.getDate()).padStart(2, " ")} ${time} ${d.getFullYear()}`;
}

/** The time-stamp servers' reply: "[ctime] data". */
export function stamp(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`[${ctime()}] `), data]);
}
