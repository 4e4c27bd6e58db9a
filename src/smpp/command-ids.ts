/** SMPP 3.4 command ids (§5.1.2.1) of the PDUs smsgw reads and writes. */
export const COMMAND_IDS = {
  generic_nack: 0x80000000,
  bind_receiver: 0x00000001,
  bind_receiver_resp: 0x80000001,
  bind_transmitter: 0x00000002,
  bind_transmitter_resp: 0x80000002,
  query_sm: 0x00000003,
  query_sm_resp: 0x80000003,
  submit_sm: 0x00000004,
  submit_sm_resp: 0x80000004,
  deliver_sm: 0x00000005,
  deliver_sm_resp: 0x80000005,
  unbind: 0x00000006,
  unbind_resp: 0x80000006,
  cancel_sm: 0x00000008,
  cancel_sm_resp: 0x80000008,
  bind_transceiver: 0x00000009,
  bind_transceiver_resp: 0x80000009,
  enquire_link: 0x00000015,
  enquire_link_resp: 0x80000015,
} as const;

export type CommandName = keyof typeof COMMAND_IDS;

const NAMES = new Map<number, CommandName>(
  Object.entries(COMMAND_IDS).map(([name, id]) => [id, name as CommandName]),
);

/** The name of a command id smsgw knows, else undefined. */
export function commandName(id: number): CommandName | undefined {
  return NAMES.get(id);
}

/** Responses have the top bit of the command id set (§5.1.2.1). */
export const isResponseId = (id: number): boolean => (id & 0x80000000) !== 0;
