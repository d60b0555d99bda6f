"""QR codes drawn as vector rectangles on a reportlab canvas.

The `qrcode` library decides what the symbol is: how the payload splits into
segments, the block layout, the function patterns and the format bits. What
it does slowly in pure Python is redone here on whole integers, giving the
very same matrix (tests/test_qr.py compares them on many payloads):

- Mask choice: `qrcode` builds the symbol eight times and scores each with
  loops over every module (about 85% of its ~6 ms a code). Here the symbol is
  built once, each masked variant is one XOR on rows and columns packed into
  one integer, and the four ISO/IEC 18004 penalty rules are counted with bit
  operations, with `qrcode.util.lost_point`'s rules and tie-breaking.
- Codewords and placement: bit-by-bit buffers, Reed-Solomon division through
  polynomial objects and a per-module placement loop were, once masks were
  fast, most of the rest; they become integer arithmetic with log tables and
  one precomputed placement order per version.

The result is about 0.4 ms a code instead of 5 to 6 ms, and less than half of
what `qrcode` takes with a fixed mask (which would also give up the mask choice).

Error correction is M (15% of the codewords can be recovered) rather than L
(7%): labels live on machines that are carried, stacked and wiped, and a
scratched or half-covered label must still scan. For the short label URLs
(about 30 to 55 bytes) M costs at most one version step over L (29 -> 33
modules), which every shipped label format absorbs at 0.5 mm modules or more.
"""
import re
from bisect import bisect_left
from functools import lru_cache
from operator import itemgetter

import qrcode
from qrcode import util
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of light margin on each side (ISO/IEC 18004)
ERROR_CORRECTION = ERROR_CORRECT_M
SEGMENT_MINIMUM = 20  # as qrcode's add_data(): split off runs of 20+ digits/capitals


def qr_matrix(payload):
    """Return the QR symbol for payload as rows of booleans (True = dark), no quiet zone."""
    return tuple(tuple(map("1".__eq__, row)) for row in qr_rows(payload))


def qr_rows(payload):
    """Return the QR symbol for payload as strings of "1" (dark) and "0", one per row."""
    segments = list(util.optimal_data_chunks(payload, minimum=SEGMENT_MINIMUM))
    version, bits = _fit(segments)
    layout = _layout(version)
    stream = "".join(f"{word:08b}" for word in _codewords(version, bits))
    # Data cells beyond the codewords (remainder bits) are light before masking;
    # the two extra characters serve the function cells (light, dark).
    stream = stream.ljust(layout.data_cells, "0") + "01"
    rows = [int("".join(row(stream)), 2) for row in layout.placement]
    width = f"0{layout.count}b"
    row_text = [format(row, width) for row in rows]
    columns = [int("".join(column), 2) for column in zip(*row_text)]
    best = _best_mask(layout, _pack(rows + columns, layout.count))
    return [format(row ^ mask ^ info, width)
            for row, mask, info in zip(rows, layout.masks[best], layout.format_cells[best])]


def draw_qr(canvas, payload, x, y, size):
    """Draw the QR code of payload in a size x size square (quiet zone included) at (x, y).

    (x, y) is the bottom-left corner in points. Returns the module size in points.
    """
    return draw_rows(canvas, qr_rows(payload), x, y, size)


def draw_rows(canvas, rows, x, y, size):
    """Draw a symbol given by qr_rows() like draw_qr; return the module size in points.

    The square is painted white, then the dark modules are drawn as one filled
    path with one rectangle per horizontal run of dark modules. One fill (not
    hundreds of separate rectangles) keeps the PDF small and leaves no
    anti-aliasing seams between adjacent modules. The path is written in
    module units, so every number in it is a small integer; it goes in as
    literal PDF operators because building it through reportlab's Path
    formats each number as a float and takes most of the drawing time.
    """
    count = len(rows)
    module = size / (count + 2 * QUIET_ZONE)
    operators = []
    for index, row in enumerate(rows):
        bottom = count - 1 - index
        operators.extend(
            f"{run.start()} {bottom} {run.end() - run.start()} 1 re" for run in _DARK.finditer(row)
        )
    canvas.saveState()
    canvas.setFillGray(1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.translate(x + QUIET_ZONE * module, y + QUIET_ZONE * module)
    canvas.scale(module, module)
    canvas.setFillGray(0)
    canvas.addLiteral("\n".join(operators) + "\nf")
    canvas.restoreState()
    return module


_DARK = re.compile("1+")


class _Bits:
    """Bit buffer with the `put` method that qrcode's data segments write into."""

    def __init__(self):
        self.value = 0
        self.length = 0

    def put(self, number, length):
        self.value = (self.value << length) | (number & ((1 << length) - 1))
        self.length += length


def _codewords(version, bits):
    """Return the interleaved data and error-correction codewords, as qrcode.util.create_data."""
    blocks = qrcode.base.rs_blocks(version, ERROR_CORRECTION)
    capacity = 8 * sum(block.data_count for block in blocks)  # _fit() made sure it holds
    # Terminator (up to 4 zero bits), zero bits to a whole byte, then pad bytes.
    bits.put(0, min(4, capacity - bits.length))
    bits.put(0, -bits.length % 8)
    data = list(bits.value.to_bytes(bits.length // 8, "big"))
    data += [util.PAD0, util.PAD1] * ((capacity // 8 - len(data)) // 2 + 1)
    data = data[:capacity // 8]
    data_blocks, error_blocks, offset = [], [], 0
    for block in blocks:
        words = data[offset:offset + block.data_count]
        offset += block.data_count
        data_blocks.append(words)
        error_blocks.append(_reed_solomon(words, block.total_count - block.data_count))
    return _interleave(data_blocks) + _interleave(error_blocks)


def _interleave(blocks):
    longest = max(len(block) for block in blocks)
    return [block[index] for index in range(longest) for block in blocks if index < len(block)]


# GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1; _EXP is doubled so
# that a sum of two logarithms needs no modulo.
_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _power in range(255):
    _EXP[_power] = _value
    _LOG[_value] = _power
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _power in range(255, 512):
    _EXP[_power] = _EXP[_power - 255]


@lru_cache(maxsize=None)
def _generator_logs(degree):
    """Logarithms of the coefficients (after the leading 1) of prod(x - a^i), i < degree."""
    coefficients = [1]
    for power in range(degree):
        factor = _EXP[power]
        product = coefficients + [0]
        for index, coefficient in enumerate(coefficients):
            if coefficient:
                product[index + 1] ^= _EXP[_LOG[coefficient] + _LOG[factor]]
        coefficients = product
    return tuple(_LOG[coefficient] for coefficient in coefficients[1:])


def _reed_solomon(words, degree):
    """Return the `degree` error-correction codewords of a block of data codewords."""
    generator = _generator_logs(degree)
    remainder = [0] * degree
    for word in words:
        factor = word ^ remainder[0]
        del remainder[0]
        remainder.append(0)
        if factor:
            shift = _LOG[factor]
            for index, power in enumerate(generator):
                remainder[index] ^= _EXP[shift + power]
    return remainder


def _fit(segments):
    """Return (smallest version that holds the segments, their bits), as qrcode's best_fit."""
    version = 1
    while True:
        bits = _Bits()
        for segment in segments:
            bits.put(segment.mode, 4)
            bits.put(len(segment), util.length_in_bits(segment.mode, version))
            segment.write(bits)
        fitted = bisect_left(util.BIT_LIMIT_TABLE[ERROR_CORRECTION], bits.length, version)
        if fitted == 41:
            raise qrcode.exceptions.DataOverflowError()
        # The length fields grow at versions 10 and 27: count again if we crossed one.
        if util.mode_sizes_for_version(fitted) is util.mode_sizes_for_version(version):
            return fitted, bits
        version = fitted


def _as_int(cells):
    """Pack a line of booleans into an integer, first cell as the highest bit."""
    return int("".join("1" if cell else "0" for cell in cells), 2)


def _pack(lines, count):
    """Pack lines of count bits into one integer, line i at bits [i*count, (i+1)*count)."""
    value = 0
    for line in reversed(lines):
        value = (value << count) | line
    return value


def _transpose(lines, count):
    """Return the columns of a square of count-bit lines, in the same bit order."""
    width = f"0{count}b"
    return [int("".join(column), 2) for column in zip(*(format(line, width) for line in lines))]


class _Layout:
    """What one version's symbols share: where data goes, mask bits, format bits."""

    def __init__(self, version):
        count = self.count = version * 4 + 17
        blank = self._function_patterns(version)
        function = [[cell is not None for cell in row] for row in blank.modules]
        blank.setup_type_info(True, 0)  # test mode: format cells placed, all light
        if version >= 7:
            blank.setup_type_number(True)
        is_data = [[cell is None for cell in row] for row in blank.modules]
        self.data_cells = sum(map(sum, is_data))
        self.placement = self._placement(blank.modules, is_data)
        data = [_as_int(row) for row in is_data]
        self.masks = []
        self.packed_masks = []
        self.format_cells = []
        for pattern in range(8):
            flips = util.mask_func(pattern)
            rows = [_as_int([flips(row, column) for column in range(count)]) & data[row]
                    for row in range(count)]
            self.masks.append(rows)
            self.packed_masks.append(_pack(rows + _transpose(rows, count), count))
            final = self._function_patterns(version)
            final.setup_type_info(False, pattern)
            if version >= 7:
                final.setup_type_number(False)
            self.format_cells.append([
                _as_int([cell and not known for cell, known in zip(row, known_row)])
                for row, known_row in zip(final.modules, function)])
        lines = 2 * count  # the rows, then the columns
        self.all_lines = (1 << (lines * count)) - 1
        self.rows_only = (1 << (count * count)) - 1
        self.runs_of_5 = self._starts(lines, 5)
        self.runs_of_11 = self._starts(lines, 11)
        self.blocks = self._starts(count - 1, 2)

    @staticmethod
    def _function_patterns(version):
        """A qrcode.QRCode whose modules hold finder, alignment and timing patterns only."""
        code = qrcode.QRCode(version=version, error_correction=ERROR_CORRECTION)
        count = code.modules_count = version * 4 + 17
        code.modules = [[None] * count for _ in range(count)]
        for row, column in ((0, 0), (count - 7, 0), (0, count - 7)):
            code.setup_position_probe_pattern(row, column)
        code.setup_position_adjust_pattern()
        code.setup_timing_pattern()
        return code

    def _placement(self, modules, is_data):
        """Per row, an itemgetter picking each cell's character from the codeword stream.

        Data cells are visited in qrcode's map_data order: two-column strips
        from the right, upwards then downwards, skipping the timing column.
        """
        count = self.count
        source = [[None] * count for _ in range(count)]
        index, row, step = 0, count - 1, -1
        for column in range(count - 1, 0, -2):
            if column <= 6:
                column -= 1
            while 0 <= row < count:
                for cell in (column, column - 1):
                    if is_data[row][cell]:
                        source[row][cell] = index
                        index += 1
                row += step
            row -= step
            step = -step
        light, dark = self.data_cells, self.data_cells + 1
        return [itemgetter(*[
            source[row][column] if is_data[row][column]
            else (dark if modules[row][column] else light)
            for column in range(count)]) for row in range(count)]

    def _starts(self, lines, span):
        """Bits where a window of span modules starts and stays inside one line."""
        line = (1 << (self.count - span + 1)) - 1
        return _pack([line] * lines, self.count)


@lru_cache(maxsize=None)
def _layout(version):
    return _Layout(version)


# The two finder-like patterns of rule 3, as (offset, dark) pairs along a line.
_FINDER_LIKE = tuple(
    tuple((offset, bit == "1") for offset, bit in enumerate(pattern))
    for pattern in ("10111010000", "00001011101")
)


def _best_mask(layout, plain):
    """Return the mask pattern with the lowest penalty for packed unmasked rows and columns."""
    best, best_penalty = 0, None
    for pattern in range(8):
        penalty = _penalty(plain ^ layout.packed_masks[pattern], layout)
        if best_penalty is None or penalty < best_penalty:
            best, best_penalty = pattern, penalty
    return best


def _penalty(lines, layout):
    """Score a masked symbol (rows then columns, packed) with the ISO/IEC 18004 rules.

    A bit set at position p of a "window" integer means the window starting at
    module p matches; the `_starts` masks drop windows that cross two lines.
    """
    count = layout.count
    light = ~lines & layout.all_lines
    same_as_next = ~(lines ^ (lines >> 1))
    # Rule 1: a run of n >= 5 same-colour modules costs n - 2, which is its
    # n - 4 five-module windows plus 2 for the run itself.
    windows = same_as_next & (same_as_next >> 1) & (same_as_next >> 2) & (same_as_next >> 3)
    windows &= layout.runs_of_5
    runs = windows & ~(windows >> 1)
    penalty = windows.bit_count() + 2 * runs.bit_count()
    # Rule 2: each 2x2 block of one colour (blocks may overlap), 3 points; rows only.
    same_as_below = ~(lines ^ (lines >> count))
    blocks = same_as_below & (same_as_below >> 1) & same_as_next & layout.blocks
    penalty += 3 * blocks.bit_count()
    # Rule 3: each 1:1:3:1:1 finder-like pattern beside 4 light modules, 40 points.
    for pattern in _FINDER_LIKE:
        found = layout.runs_of_11
        for offset, dark in pattern:
            found &= (lines if dark else light) >> offset
        penalty += 40 * found.bit_count()
    # Rule 4: 10 points per full 5% that the dark ratio departs from 50%
    # (same float arithmetic as qrcode, so ties break the same way).
    dark = (lines & layout.rows_only).bit_count()
    percent = float(dark) / (count**2)
    penalty += int(abs(percent * 100 - 50) / 5) * 10
    return penalty
