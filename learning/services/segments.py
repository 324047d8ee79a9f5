"""Arithmetic on played segments: sorted, non-overlapping [from, to] pairs of seconds."""


def merge(segments):
    """Sort and merge touching or overlapping segments; drops empty ones."""
    result = []
    for start, end in sorted((float(a), float(b)) for a, b in segments if b > a):
        if result and start <= result[-1][1]:
            result[-1][1] = max(result[-1][1], end)
        else:
            result.append([start, end])
    return result


def measure(segments):
    return sum(end - start for start, end in segments)


def uncovered(segments, start, end):
    """The parts of [start, end] that `segments` (merged) do not cover, in order."""
    gaps, cursor = [], start
    for a, b in segments:
        if b <= cursor:
            continue
        if a >= end:
            break
        if a > cursor:
            gaps.append([cursor, min(a, end)])
        cursor = max(cursor, b)
        if cursor >= end:
            break
    if cursor < end:
        gaps.append([cursor, end])
    return gaps


def take(gaps, seconds):
    """The first `seconds` of the gaps, in order: the part of a new segment that is credited."""
    taken = []
    for a, b in gaps:
        if seconds <= 0:
            break
        length = min(b - a, seconds)
        taken.append([a, a + length])
        seconds -= length
    return taken
