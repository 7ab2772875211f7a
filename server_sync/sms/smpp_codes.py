"""SMPP 3.4 numbers we use: command ids, command status codes, TLV tags, message
states, and which refusals are worth retrying. One table for the adapter and the
SMSC emulator, so both speak the same protocol by construction."""

from __future__ import annotations

from enum import IntEnum


class Command(IntEnum):
    GENERIC_NACK = 0x80000000
    BIND_RECEIVER = 0x00000001
    BIND_RECEIVER_RESP = 0x80000001
    BIND_TRANSMITTER = 0x00000002
    BIND_TRANSMITTER_RESP = 0x80000002
    SUBMIT_SM = 0x00000004
    SUBMIT_SM_RESP = 0x80000004
    DELIVER_SM = 0x00000005
    DELIVER_SM_RESP = 0x80000005
    UNBIND = 0x00000006
    UNBIND_RESP = 0x80000006
    BIND_TRANSCEIVER = 0x00000009
    BIND_TRANSCEIVER_RESP = 0x80000009
    ENQUIRE_LINK = 0x00000015
    ENQUIRE_LINK_RESP = 0x80000015


class Status(IntEnum):
    ROK = 0x00
    RINVMSGLEN = 0x01
    RINVCMDLEN = 0x02
    RINVCMDID = 0x03
    RINVBNDSTS = 0x04
    RALYBND = 0x05
    RSYSERR = 0x08
    RINVSRCADR = 0x0A
    RINVDSTADR = 0x0B
    RBINDFAIL = 0x0D
    RINVPASWD = 0x0E
    RINVSYSID = 0x0F
    RMSGQFUL = 0x14
    RINVESMCLASS = 0x43
    RSUBMITFAIL = 0x45
    RTHROTTLED = 0x58
    RX_T_APPN = 0x64
    RX_P_APPN = 0x65
    RX_R_APPN = 0x66
    RINVDCS = 0x104
    RUNKNOWNERR = 0xFF


# The centre is unwell or busy, or our session is: the same message may go later.
TEMPORARY_STATUSES = frozenset(
    {Status.RINVBNDSTS, Status.RSYSERR, Status.RMSGQFUL, Status.RTHROTTLED, Status.RX_T_APPN}
)
# The centre refused the bind: our credentials, not the message, are wrong.
BIND_REFUSALS = frozenset({Status.RBINDFAIL, Status.RINVPASWD, Status.RINVSYSID})


def status_name(status: int) -> str:
    """`ESME_RTHROTTLED (0x00000058)`, or the bare number for a vendor code."""
    try:
        return f"ESME_{Status(status).name} (0x{status:08X})"
    except ValueError:
        return f"status 0x{status:08X}"


class Tag(IntEnum):
    """TLV tags of optional parameters."""

    RECEIPTED_MESSAGE_ID = 0x001E
    USER_MESSAGE_REFERENCE = 0x0204
    SAR_MSG_REF_NUM = 0x020C
    SAR_TOTAL_SEGMENTS = 0x020E
    SAR_SEGMENT_SEQNUM = 0x020F
    MESSAGE_PAYLOAD = 0x0424
    MESSAGE_STATE = 0x0427


# message_state values (SMPP 3.4 §5.2.28) and the `stat:` words of a receipt's text.
MESSAGE_STATES = {
    1: "ENROUTE",
    2: "DELIVRD",
    3: "EXPIRED",
    4: "DELETED",
    5: "UNDELIV",
    6: "ACCEPTD",
    7: "UNKNOWN",
    8: "REJECTD",
}
STATE_NUMBERS = {name: number for number, name in MESSAGE_STATES.items()}

ESM_CLASS_RECEIPT = 0x04  # deliver_sm carrying an SMSC delivery receipt
REGISTERED_DELIVERY_RECEIPT = 0x01  # ask for a receipt on success or failure
