/** `smsgw doctor`: finds the modem's baud rate, reports what the modem says, checks the Pi. */
export { BAUD_RATES, type ProbeResult, probeBaud, probeOrder } from "./baud-probe.js";
export { currentUser, type DoctorOptions, isTcpPort, runDoctor } from "./doctor.js";
export type { HostUser } from "./host/device-access.js";
export { type HostOptions, runPiChecks } from "./host/pi-checks.js";
export { maskImei } from "./modem/identity.js";
export { readModemReport } from "./modem/report.js";
export { renderHuman } from "./render-human.js";
export { renderJson } from "./render-json.js";
export type * from "./types.js";
