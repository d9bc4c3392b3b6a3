"""The fingerprint of a uniffi library's interface: the SHA-256 of every `UNIFFI_META_*`
symbol's bytes (uniffi-bindgen generates the bindings from exactly these), in name order.

    python3 bindings/uniffi/metadata.py target/release/libeig_ffi.so

The generated bindings in bindings/uniffi/generated/ were made from a library whose fingerprint
is in generated/metadata.sha256: the uniffi tests compare the two, so a change of the
interface without new bindings fails with what to run. Reads ELF (Linux) with the standard
library only."""

import hashlib
import struct
import sys


def symbols(data: bytes) -> dict[str, bytes]:
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    (phoff,) = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum, shentsize, shnum = struct.unpack_from("<HHHH", data, 0x36)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + k * shentsize) for k in range(shnum)]
    segments = [struct.unpack_from("<IIQQQQQQ", data, phoff + k * phentsize) for k in range(phnum)]

    def offset(vaddr: int) -> int:
        for kind, _, off, addr, _, filesz, _, _ in segments:
            if kind == 1 and addr <= vaddr < addr + filesz:  # PT_LOAD
                return off + vaddr - addr
        raise ValueError(f"address {vaddr:#x} is in no loaded segment")

    out = {}
    for _, kind, _, _, off, size, link, _, _, entsize in sections:
        if kind != 11:  # SHT_DYNSYM: what a library exports
            continue
        strtab = sections[link]
        for k in range(size // entsize):
            name_at, _, _, shndx, value, length = struct.unpack_from("<IBBHQQ", data, off + k * entsize)
            start = strtab[4] + name_at
            name = data[start:data.index(b"\0", start)].decode()
            if name.startswith("UNIFFI_META_") and shndx != 0:
                at = offset(value)
                out[name] = data[at:at + length]
    if not out:
        raise ValueError("no UNIFFI_META_ symbol: not a uniffi library")
    return out


def fingerprint(path: str) -> str:
    with open(path, "rb") as f:
        found = symbols(f.read())
    digest = hashlib.sha256()
    for name in sorted(found):
        digest.update(name.encode() + b"\0" + len(found[name]).to_bytes(8, "little") + found[name])
    return digest.hexdigest()


if __name__ == "__main__":
    print(fingerprint(sys.argv[1]))
