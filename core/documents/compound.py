"""
The names at the top of an OLE2 compound file, the container of Office 97–2003 documents.

A .doc, an .xls and a .ppt all start with the same eight bytes, and so do installers (.msi) and
Outlook messages (.msg): only the streams the file holds say which it is ("WordDocument",
"Workbook", "PowerPoint Document"). Reading them takes the header, the directory's sectors and
the few entries of the allocation table that chain those sectors, never the whole file, and a
damaged or hostile file (a chain that loops, an offset past the end) is ``Damaged``, not an error.
Layout: [MS-CFB], https://learn.microsoft.com/openspecs/windows_protocols/ms-cfb/.
"""

import struct

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Sector numbers from this one up are markers (end of chain, free, ...), not sectors.
LAST_SECTOR = 0xFFFFFFFA
NO_ENTRY = 0xFFFFFFFF
HEADER_DIFAT_ENTRIES = 109
ENTRY_SIZE = 128
STORAGE, STREAM, ROOT = 1, 2, 5


class Damaged(Exception):
    """The file starts like a compound file but its structure does not hold together."""


def read_at(file, offset, size):
    file.seek(offset)
    data = file.read(size)
    if len(data) != size:
        raise Damaged(f"{size} bytes wanted at {offset}, {len(data)} there")
    return data


class CompoundFile:
    def __init__(self, file):
        self.file = file
        header = read_at(file, 0, 512)
        if header[:8] != MAGIC:
            raise Damaged("not a compound file")
        shift = struct.unpack_from("<H", header, 0x1E)[0]
        if shift not in (9, 12):  # 512-byte sectors (version 3) or 4096-byte ones (version 4)
            raise Damaged(f"sector shift {shift}")
        self.sector_size = 1 << shift
        # Some writers leave the last sector short: it counts, and reads as if padded.
        self.sector_count = -(-max(file.size - self.sector_size, 0) // self.sector_size)
        self.first_directory_sector, = struct.unpack_from("<I", header, 0x30)
        self.next_difat_sector, self.difat_sector_count = struct.unpack_from("<II", header, 0x44)
        self.fat_sectors = list(struct.unpack_from(f"<{HEADER_DIFAT_ENTRIES}I", header, 0x4C))
        self.difat_read = 0

    def sector(self, number):
        if number >= self.sector_count:
            raise Damaged(f"sector {number} past the end")
        self.file.seek((number + 1) * self.sector_size)
        return self.file.read(self.sector_size).ljust(self.sector_size, b"\x00")

    def fat_sector(self, index):
        """The sector holding the ``index``-th part of the allocation table, reading the DIFAT chain as far as needed."""
        per_sector = self.sector_size // 4 - 1  # the last entry of a DIFAT sector points at the next one
        while index >= len(self.fat_sectors) and self.difat_read < self.difat_sector_count:
            if self.next_difat_sector >= LAST_SECTOR:
                break
            entries = struct.unpack(f"<{per_sector + 1}I", self.sector(self.next_difat_sector))
            self.fat_sectors.extend(entries[:per_sector])
            self.next_difat_sector = entries[per_sector]
            self.difat_read += 1
        if index >= len(self.fat_sectors) or self.fat_sectors[index] >= LAST_SECTOR:
            raise Damaged(f"no allocation table sector {index}")
        return self.fat_sectors[index]

    def next_sector(self, number):
        per_sector = self.sector_size // 4
        offset = (self.fat_sector(number // per_sector) + 1) * self.sector_size + (number % per_sector) * 4
        return struct.unpack("<I", read_at(self.file, offset, 4))[0]

    def entries(self):
        """[(name, type, left, right, child)] of the directory, in its order: entry 0 is the root."""
        entries, number, seen = [], self.first_directory_sector, set()
        while number < LAST_SECTOR:
            if number in seen:
                raise Damaged("the directory's chain loops")
            seen.add(number)
            data = self.sector(number)
            for start in range(0, self.sector_size, ENTRY_SIZE):
                length, kind = struct.unpack_from("<HB", data, start + 64)
                left, right, child = struct.unpack_from("<III", data, start + 68)
                name = data[start:start + max(min(length, 64) - 2, 0)].decode("utf-16-le", "replace")
                entries.append((name, kind, left, right, child))
            number = self.next_sector(number)
        if not entries or entries[0][1] != ROOT:
            raise Damaged("no root entry")
        return entries

    def top_level_names(self):
        """The names of the streams and storages directly in the root, as the file spells them.

        Nested ones are left out: a spreadsheet embedded in a Word document has a "Workbook" of its own.
        """
        entries = self.entries()
        names, pending, seen = [], [entries[0][4]], set()
        while pending:
            index = pending.pop()
            if index == NO_ENTRY:
                continue
            if index >= len(entries) or index in seen:
                raise Damaged("the directory's tree is broken")
            seen.add(index)
            name, kind, left, right, _child = entries[index]
            if kind in (STORAGE, STREAM):
                names.append(name)
            pending += [left, right]
        return names


def top_level_names(file):
    """The names directly in the root of the compound file ``file``; ``Damaged`` if it cannot be read."""
    try:
        return CompoundFile(file).top_level_names()
    except struct.error as error:
        raise Damaged(str(error)) from error
    finally:
        file.seek(0)
