import smpp from "smpp";

/** ESME_RTHROTTLED: the SMSC asks the sender to slow down. */
export const ESME_RTHROTTLED = 0x58;
/** ESME_RMSGQFUL: the SMSC's message queue is full; try again later. */
export const ESME_RMSGQFUL = 0x14;

const namesByStatus = new Map<number, string>();
for (const [name, value] of Object.entries(smpp.errors)) {
  if (!namesByStatus.has(value)) namesByStatus.set(value, name);
}

const meanings: Readonly<Record<string, string>> = {
  ESME_RINVMSGLEN: "message length is invalid",
  ESME_RINVBNDSTS: "incorrect bind status for the command",
  ESME_RALYBND: "already bound",
  ESME_RSYSERR: "system error at the SMSC",
  ESME_RINVSRCADR: "invalid source address (check S_ADDR)",
  ESME_RINVDSTADR: "invalid destination address (check the number and REGEXP)",
  ESME_RBINDFAIL: "bind failed",
  ESME_RINVPASWD: "invalid password (check PASSWORD)",
  ESME_RINVSYSID: "invalid system id (check SYSTEM_ID)",
  ESME_RMSGQFUL: "message queue full",
  ESME_RINVSERTYP: "invalid service type",
  ESME_RINVESMCLASS: "invalid esm_class",
  ESME_RSUBMITFAIL: "submit_sm failed",
  ESME_RINVSRCTON: "invalid source address TON (check S_ADDR_TON)",
  ESME_RINVSRCNPI: "invalid source address NPI (check S_ADDR_NPI)",
  ESME_RINVDSTTON: "invalid destination address TON (check D_ADDR_TON)",
  ESME_RINVDSTNPI: "invalid destination address NPI (check D_ADDR_NPI)",
  ESME_RINVSYSTYP: "invalid system type (check SYSTEM_TYPE)",
  ESME_RTHROTTLED: "throttling error: the sender exceeded the allowed message rate",
  ESME_RINVDCS: "invalid data coding scheme",
  ESME_RX_T_APPN: "the SMSC rejected the message temporarily",
  ESME_RX_P_APPN: "the SMSC rejected the message permanently",
  ESME_RX_R_APPN: "the SMSC rejected the message",
  ESME_RUNKNOWNERR: "unknown error",
};

/** The specification's name of a command status, e.g. `ESME_RINVPASWD`, or its hex value when unknown. */
export function statusName(status: number): string {
  return namesByStatus.get(status) ?? `status 0x${hex(status)}`;
}

/** `ESME_RINVPASWD (0x0000000E, invalid password (check PASSWORD))`: the name, value and meaning. */
export function describeStatus(status: number): string {
  const name = statusName(status);
  const meaning = meanings[name];
  return `${name} (0x${hex(status)}${meaning ? `, ${meaning}` : ""})`;
}

/** Whether a submit answer asks the sender to slow down and try again. */
export function isThrottling(status: number): boolean {
  return status === ESME_RTHROTTLED || status === ESME_RMSGQFUL;
}

function hex(status: number): string {
  return status.toString(16).toUpperCase().padStart(8, "0");
}
