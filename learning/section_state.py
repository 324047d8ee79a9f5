"""How far a member is in a section, read from their SectionProgress row: pure functions
shared by the selectors (what pages and the API show) and the progress service (what a fold
writes), so reads never import the write side."""

import math

from learning.models.lectures import SectionKind
from learning.services.segments import merge, uncovered

COMPLETE_SHARE = 0.9  # of a video or audio; a reading section needs its full minimum time
EPSILON = 0.01
RESUME_SNAP = 1.0  # seconds; see resume_position


def section_length(section):
    return float(section.expected_seconds or 0)


def completion_threshold(section):
    length = section_length(section)
    return length if section.kind == SectionKind.READING else length * COMPLETE_SHARE


def floor_to(value, digits):
    """`value` rounded DOWN to `digits` decimals (the tiny addend absorbs binary float error,
    e.g. 25.38 * 100 == 2537.9999999999995), so a shown number never runs ahead of the truth."""
    scale = 10**digits
    return math.floor(value * scale + 1e-6) / scale


def resume_position(progress, section):
    """Where a client should continue the section, on this device or any other.

    Never past coverage the member still needs: a resume point rounded up (25.38 s shown as
    25.4 s) left a gap that a player running forward from it can never fill, so the section
    stayed at 99 % for good. A reading section's timeline is reading time, so it resumes at
    the start of its first uncovered part; a video or audio at the reported playing position,
    pulled back onto the end of the coverage just before it if that is within RESUME_SNAP.
    """
    if progress is None:
        return 0.0
    length = section_length(section)
    segments = merge(progress.segments)
    if section.kind == SectionKind.READING:
        gaps = uncovered(segments, 0.0, length)
        position = gaps[0][0] if gaps else length
    else:
        position = min(max(progress.position, 0.0), length)
        for start, end in segments:
            if start <= position <= end:
                break
            if position - RESUME_SNAP <= end < position:
                position = end
    return floor_to(position, 2)


def section_state(progress, section):
    length = section_length(section)
    covered = progress.covered_seconds if progress else 0.0
    return {
        "section": section.pk,
        # Rounded down: "60.0 of 60" is shown only when the section really is covered.
        "covered_seconds": floor_to(covered, 1),
        "credited_seconds": round(progress.credited_seconds, 1) if progress else 0.0,
        "position": resume_position(progress, section),
        "length_seconds": length,
        "percent": (100 if covered >= length - EPSILON else int(100 * covered / length))
        if progress and length
        else 0,
        "completed": bool(progress and progress.completed_at),
    }
