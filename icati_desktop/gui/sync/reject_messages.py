"""Why a bundle was refused, in the UI language and in plain words.

The sync layer's messages are English lines for the ``icati`` command and the log; the
app shows, for each :class:`RejectCode`, a sentence a field expert understands: what is
wrong with the file and what to do. The code itself stays available for support.
"""

from __future__ import annotations

from icati_desktop.i18n import N_, _
from icati_desktop.sync.errors import BundleRejected, RejectCode

_DAMAGED = N_(
    "The file is damaged or incomplete. Ask the sender to export it again and send the new file."
)
_UNSAFE = N_(
    "The file contains something a sync file never holds, so it was not opened. Ask the "
    "sender to export it again from ICATI Desktop."
)
_ALTERED = N_(
    "The file's content does not match what its sender recorded: it was changed or "
    "damaged on the way. Ask the sender for a new file."
)
_INVALID_DATA = N_(
    "The file holds records this version of ICATI Desktop cannot read. Ask the sender to "
    "export it again; if it happens again, both devices may need updating."
)

_MESSAGES: dict[RejectCode, str] = {
    RejectCode.NOT_A_BUNDLE: N_("This is not an ICATI sync file. Choose a file ending in .icati."),
    RejectCode.BUNDLE_TOO_LARGE: N_(
        "The file is larger than this device accepts. Ask the sender for a smaller one, or "
        "raise the limit in the sync settings."
    ),
    RejectCode.TRUNCATED: _DAMAGED,
    RejectCode.WRONG_RECIPIENT: N_(
        "This file was locked for another device, so this one cannot open it. Ask the "
        "sender to export a file for this device."
    ),
    RejectCode.DECRYPT_FAILED: N_(
        "This file is locked and this device does not hold the key that opens it. Ask the "
        "sender to export a file for this device."
    ),
    RejectCode.NOT_ENCRYPTED: N_(
        "This file was sent unprotected, but files from the field must be locked for the "
        "central office. Ask the sender to export it again from ICATI Desktop."
    ),
    RejectCode.TOO_MANY_ENTRIES: _UNSAFE,
    RejectCode.PATH_TRAVERSAL: _UNSAFE,
    RejectCode.ABSOLUTE_PATH: _UNSAFE,
    RejectCode.DRIVE_LETTER: _UNSAFE,
    RejectCode.BACKSLASH_PATH: _UNSAFE,
    RejectCode.BAD_ENTRY_NAME: _UNSAFE,
    RejectCode.SYMLINK_ENTRY: _UNSAFE,
    RejectCode.DIRECTORY_ENTRY: _UNSAFE,
    RejectCode.DUPLICATE_ENTRY: _UNSAFE,
    RejectCode.UNSUPPORTED_COMPRESSION: _UNSAFE,
    RejectCode.ENCRYPTED_ENTRY: _UNSAFE,
    RejectCode.OVERLAPPING_ENTRIES: _UNSAFE,
    RejectCode.ZIP_BOMB_RATIO: _UNSAFE,
    RejectCode.ENTRY_TOO_LARGE: N_(
        "A part of the file is larger than this device accepts. Ask the sender for a smaller "
        "file, or raise the limit in the sync settings."
    ),
    RejectCode.TOTAL_TOO_LARGE: N_(
        "The file would take more room than this device accepts. Ask the sender for a "
        "smaller file, or raise the limit in the sync settings."
    ),
    RejectCode.UNEXPECTED_ENTRY: _UNSAFE,
    RejectCode.MISSING_ENTRY: _DAMAGED,
    RejectCode.SIZE_MISMATCH: _ALTERED,
    RejectCode.HASH_MISMATCH: _ALTERED,
    RejectCode.CORRUPT_ENTRY: _DAMAGED,
    RejectCode.MALFORMED_MANIFEST: _DAMAGED,
    RejectCode.UNKNOWN_FORMAT: N_(
        "This file was made by a different kind or version of program. Export it again from "
        "ICATI Desktop."
    ),
    RejectCode.SCHEMA_TOO_NEW: N_(
        "This file was made by a newer version of ICATI Desktop. Install the newer version "
        "on this device, then open the file again."
    ),
    RejectCode.BAD_SIGNATURE: N_(
        "The file's seal does not match its sender: it was changed after it was written. "
        "Ask the sender for a new file."
    ),
    RejectCode.UNKNOWN_SIGNER: N_(
        "This file comes from a device this one does not trust yet. Add that device's "
        "identity card on the Devices page (check its fingerprint by phone), then open the "
        "file again."
    ),
    RejectCode.REVOKED_SIGNER: N_(
        "This file comes from a device that was removed from the trusted devices. Its files "
        "are no longer accepted; contact the central office."
    ),
    RejectCode.SIGNER_MISMATCH: N_(
        "The file says it comes from one device but is sealed by another. Ask the sender "
        "for a new file."
    ),
    RejectCode.NO_RECIPIENT: N_(
        "Choose which device this file is for (or a file with the library and forms only, "
        "for a device not yet added): the central office makes each device its own file."
    ),
    RejectCode.NOT_FOR_THIS_DEVICE: N_(
        "This file was made for another device. Ask the sender for a file for this device."
    ),
    RejectCode.OWN_BUNDLE: N_(
        "This file was exported by this device itself: send it to the central office "
        "instead of opening it here."
    ),
    RejectCode.EXPIRED: N_(
        "This file is too old to be accepted. Ask the sender to export a new one."
    ),
    RejectCode.MALFORMED_LINE: _INVALID_DATA,
    RejectCode.INVALID_UTF8: _INVALID_DATA,
    RejectCode.OVERSIZED_LINE: _INVALID_DATA,
    RejectCode.INVALID_VERSION: _INVALID_DATA,
    RejectCode.VERSION_ID_MISMATCH: _ALTERED,
    RejectCode.INVALID_PAYLOAD: _INVALID_DATA,
    RejectCode.UNKNOWN_RECORD_TYPE: N_(
        "The file holds a kind of record this version of ICATI Desktop does not know. "
        "Update ICATI Desktop on this device, then open the file again."
    ),
    RejectCode.COUNT_MISMATCH: _DAMAGED,
    RejectCode.HQ_OWNED_TYPE: N_(
        "The file changes content that only the central office may publish (library, "
        "forms, directory). Contact the sender."
    ),
    RejectCode.FOREIGN_VERSIONS: N_(
        "The file carries work written on other devices, which its sender may not pass "
        "on. Contact the sender."
    ),
    RejectCode.INCONSISTENT_VERSION: _ALTERED,
    RejectCode.MISSING_ATTACHMENT: N_(
        "The file refers to an attached document that it does not contain and that this "
        "device does not have. Ask the sender to export it again."
    ),
    RejectCode.ROLLBACK: N_(
        "This file is older than one this device has already opened from the central "
        "office. Use the newest file from the central office."
    ),
    RejectCode.BUNDLE_ID_REUSED: N_(
        "A different file with the same name tag was already opened here: this one was "
        "changed. Ask the sender for a new file."
    ),
    RejectCode.CLOCK_AHEAD: N_(
        "The sender's computer clock is far ahead of this one. Check the date and time on "
        "both computers; a copy of the file is kept so it can be opened later."
    ),
    RejectCode.NOT_INITIALISED: N_(
        "This device is not set up yet. Finish the first-run setup, then open the file again."
    ),
    RejectCode.NO_HQ_TRUSTED: N_(
        "This device does not trust a central office yet. Add the central office's identity "
        "card on the Devices page, then open the file again."
    ),
    RejectCode.CANCELLED: N_("The work was cancelled."),
    RejectCode.DISK_FULL: N_("The disk is full. Free some space, then try again."),
    RejectCode.DISK_ERROR: N_(
        "The disk could not be read or written. Check the disk (or the USB stick), then try again."
    ),
    RejectCode.WRITE_FAILED: N_(
        "The file could not be written there. Choose another folder, then try again."
    ),
    RejectCode.STORE_DAMAGED: N_(
        "This device's data is damaged. Close ICATI Desktop and open it again: it offers to "
        "restore the newest good backup."
    ),
    RejectCode.DUPLICATE_RECORD: N_(
        "The file gives something this device already has (a country, a form) a second "
        "record. Tell the central office."
    ),
    RejectCode.NOT_CENTRAL: N_(
        "This file was not exported by a central office. To set this device up, open the "
        "file your central office sent you."
    ),
    RejectCode.NO_HQ_CARD: N_(
        "The file does not include its central office's identity card. Ask the central "
        "office to export a new file for this device."
    ),
    RejectCode.FINGERPRINT_CHANGED: N_(
        "The central office's fingerprint is not the one you were given. Do not continue: "
        "call the central office to check the fingerprint."
    ),
}


def rejection_reason(code: RejectCode, message: str) -> str:
    """What is wrong and what to do, in the UI language (``message``, the sync layer's
    English line, when the code has no sentence of its own)."""
    sentence = _MESSAGES.get(code)
    return _(sentence) if sentence is not None else message


def rejection_text(error: BundleRejected) -> str:
    """The refusal in the UI language, ending with the code support may ask for."""
    return _("{message}\n\nNothing was changed. (Code for support: {code})").format(
        message=rejection_reason(error.code, error.message), code=error.code.value
    )


def has_message(code: RejectCode) -> bool:
    return code in _MESSAGES
